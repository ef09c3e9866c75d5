package io.picoev.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ends a request with an error status, in the manner of Spring's {@code ResponseStatusException}:
 * {@code throw new HttpStatusException(404, "no user 42")}. The {@link ErrorHandler} answers it
 * with {@link #status()}, the {@link #headers()} it carries (such as {@code Allow} on a 405) and
 * its {@link #reason()}, which is meant for the client and sent in the error body.
 *
 * <p>It describes an answer, not a fault in the code, so it carries no stack trace and a 4xx
 * is not counted as a handler error. The router throws it for 404 and 405, the request's
 * accessors for a bad parameter or body (400).
 */
public class HttpStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<String> headers = new ArrayList<>(2);

    /** An error answer with {@code status} (100–599) and a reason for the client, or {@code null}. */
    public HttpStatusException(int status, String reason) {
        this(status, reason, null);
    }

    /** As {@link #HttpStatusException(int, String)}, keeping {@code cause} for the log. */
    public HttpStatusException(int status, String reason, Throwable cause) {
        super(reason, cause, false, false);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599: " + status);
        }
        this.status = status;
    }

    /** The status to answer. */
    public int status() {
        return status;
    }

    /** The reason for the client, or {@code null}. */
    public String reason() {
        return getMessage();
    }

    /** Adds a header to the error answer ({@code Allow}, {@code WWW-Authenticate}…); returns this. */
    public HttpStatusException header(String name, String value) {
        headers.add(Objects.requireNonNull(name, "name"));
        headers.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The headers to send, name then value: {@code [name0, value0, name1, value1, …]}. */
    public List<String> headers() {
        return headers;
    }

    /** The RFC 9110 reason phrase of {@code status} ({@code Not Found}), or "" for a code without one. */
    public static String reasonPhrase(int status) {
        return HttpStatus.reason(status);
    }

    /** Writes {@link #headers()} into {@code response}, whose status line is written. */
    public void writeHeaders(Response response) {
        for (int i = 0; i < headers.size(); i += 2) {
            response.header(headers.get(i), headers.get(i + 1));
        }
    }
}
