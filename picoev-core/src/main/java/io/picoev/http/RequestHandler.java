package io.picoev.http;

import java.util.concurrent.Executor;

/**
 * The request callback (the seed's {@code cb fn (user_data, req, mut res)}): called once per
 * complete request, body received, on the loop thread. Write the answer into {@code response};
 * an exception goes to the {@link ErrorHandler}.
 *
 * <p>Runs on the loop thread and MUST NOT block. {@code request} and {@code response} are
 * reused for the next request once this returns.
 */
@FunctionalInterface
public interface RequestHandler {

    /** Answers {@code request} by writing {@code response}. */
    void handle(Request request, Response response) throws Exception;

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
