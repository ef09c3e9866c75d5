package io.picoev.http;

/**
 * The error callback (the seed's {@code err_cb}): gets malformed requests (as an
 * {@link HttpException} carrying the status to answer) and exceptions thrown by the
 * {@link RequestHandler}. Whatever it writes into the emptied {@code response} is sent; if it
 * writes nothing the server answers the status itself. After a malformed request the
 * connection closes whatever is written.
 */
@FunctionalInterface
public interface ErrorHandler {

    /**
     * The default: answers an {@link HttpException} with its status and a one-line text body,
     * anything else with 500; logs a handler exception every time with its stack trace, and a
     * client's malformed request once per status at INFO (later ones at DEBUG), so a bad client
     * cannot flood the log.
     */
    ErrorHandler DEFAULT = new DefaultErrorHandler();

    /** Answers {@code error}; {@code request} may be partly parsed when the error is a parse error. */
    void handle(Request request, Response response, Throwable error);
}
