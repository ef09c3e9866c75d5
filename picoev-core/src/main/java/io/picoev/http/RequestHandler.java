package io.picoev.http;

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
}
