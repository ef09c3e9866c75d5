package io.picoev.http;

/**
 * A request the server refuses while reading it, with the status to answer: 400, 413, 414, 431,
 * 501 or 505. The {@link ErrorHandler} tells it from a handler's {@link HttpStatusException} to
 * log it as the client's mistake.
 */
public final class HttpException extends HttpStatusException {

    private static final long serialVersionUID = 1L;

    /** A refusal with {@code status} and a message saying what was wrong. */
    public HttpException(int status, String message) {
        super(status, message);
    }
}
