package io.picoev.http;

import java.util.concurrent.Executor;

/**
 * The request callback (the seed's {@code cb fn (user_data, req, mut res)}): called once per
 * complete request, body received. Write the answer into {@code response}; an exception goes to
 * the {@link ErrorHandler} ({@link HttpStatusException} for an error status of your choice).
 *
 * <p>What holds depends on where it runs ({@link #dispatch(Request)}, else the server's default):
 * <ul>
 * <li><b>On the loop thread</b> ({@link Dispatch#LOOP}, the default without an executor): it
 * MUST NOT block or run long, because every other connection of the loop waits meanwhile (the
 * blocked-loop detector warns past a threshold). {@code request} and {@code response} are reused
 * for the next request once it returns: keep neither, and copy the request
 * ({@link Request#copy()}) before handing it to another thread.</li>
 * <li><b>On the executor</b> ({@link Dispatch#BLOCKING}, or the default with an executor such as
 * virtual threads): it may block (JDBC, HTTP calls, sleeps). It gets a copy of the request and a
 * response of its own; it MUST be thread-safe, since many requests run at once.</li>
 * </ul>
 */
@FunctionalInterface
public interface RequestHandler {

    /** Answers {@code request} by writing {@code response}. */
    void handle(Request request, Response response) throws Exception;

    /**
     * Where to run this handler for {@code request}; called on the loop thread just before it
     * runs, and MUST NOT block. {@link Dispatch#DEFAULT} unless overridden: see
     * {@link Routes#blocking(RequestHandler)} and {@link Routes#onLoop(RequestHandler)}.
     */
    default Dispatch dispatch(Request request) {
        return Dispatch.DEFAULT;
    }

    /**
     * Where {@code request} must be handled when the server runs handlers on the loop: an
     * executor for requests whose handling may block (Actuator's endpoints call databases), or
     * {@code null} (the default) to handle it on the loop. Not consulted when the server has an
     * executor of its own ({@code Config.executor}). Called on the loop thread for every
     * request: MUST be cheap and allocation-free.
     */
    default Executor executorFor(Request request) {
        return null;
    }
}
