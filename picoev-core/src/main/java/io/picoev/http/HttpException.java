package io.picoev.http;

/**
 * A request the server refuses, with the status to answer: 400, 413, 414, 431, 501 or 505.
 * Carries no stack trace: it describes the client's bytes, not a place in our code.
 */
public final class HttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** A refusal with {@code status} and a message saying what was wrong. */
    public HttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The status to answer. */
    public int status() {
        return status;
    }
}
