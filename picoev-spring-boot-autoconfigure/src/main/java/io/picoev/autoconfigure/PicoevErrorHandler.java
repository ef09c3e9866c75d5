package io.picoev.autoconfigure;

import io.picoev.http.ErrorHandler;
import io.picoev.http.HttpException;
import io.picoev.http.HttpStatusException;
import io.picoev.http.Request;
import io.picoev.http.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Error answers a Spring Boot user recognizes: 404 for an unknown route, 405, a handler's
 * {@link HttpStatusException}, a refused request (400, 413…), 500 for any other exception, each
 * with a JSON body shaped like Boot's error response
 * ({@code {"timestamp":…,"status":404,"error":"Not Found","path":"/x"}}), or RFC 9457
 * {@code application/problem+json} with {@code picoev.problemdetails.enabled}. An
 * {@code HttpStatusException}'s reason is for the client and is sent as {@code message}
 * ({@code detail}); another exception's message and stack trace only with
 * {@code picoev.error.include-message} / {@code include-stacktrace}.
 *
 * <p>Logs a handler failure at ERROR with its stack trace, a refused request once per status at
 * INFO (then DEBUG), and a handler's chosen 4xx at DEBUG.
 */
public class PicoevErrorHandler implements ErrorHandler {

    private static final Log logger = LogFactory.getLog(PicoevErrorHandler.class);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private final boolean includeMessage;
    private final boolean includeStacktrace;
    private final boolean problemDetails;
    private final AtomicReferenceArray<Boolean> logged = new AtomicReferenceArray<>(600);

    /** An error handler as {@code properties} say. */
    public PicoevErrorHandler(PicoevProperties properties) {
        this.includeMessage = properties.getError().isIncludeMessage();
        this.includeStacktrace = properties.getError().isIncludeStacktrace();
        this.problemDetails = properties.getProblemdetails().isEnabled();
    }

    @Override
    public void handle(Request request, Response response, Throwable error) {
        int status = 500;
        String message = null;
        if (error instanceof HttpStatusException e) {
            status = e.status();
            message = e.reason();
            log(request, e);
        } else {
            logger.error("Request handler failed on " + describe(request), error);
            if (includeMessage) {
                message = error.getMessage();
            }
        }
        response.status(status);
        if (error instanceof HttpStatusException e) {
            e.writeHeaders(response);
        }
        String phrase = HttpStatusException.reasonPhrase(status);
        StringBuilder json = new StringBuilder(160);
        String path = path(request);
        if (problemDetails) {
            json.append("{\"type\":\"about:blank\",\"title\":");
            string(json, phrase.isEmpty() ? Integer.toString(status) : phrase).append(",\"status\":").append(status);
            if (message != null) {
                string(json.append(",\"detail\":"), message);
            }
            string(json.append(",\"instance\":"), path);
        } else {
            string(json.append("{\"timestamp\":"), TIMESTAMP.format(OffsetDateTime.now(ZoneOffset.UTC)));
            json.append(",\"status\":").append(status);
            string(json.append(",\"error\":"), phrase);
            if (message != null) {
                string(json.append(",\"message\":"), message);
            }
            string(json.append(",\"path\":"), path);
        }
        if (includeStacktrace && !(error instanceof HttpStatusException)) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            string(json.append(",\"trace\":"), trace.toString());
        }
        json.append('}');
        response.contentType(problemDetails ? "application/problem+json" : "application/json").body(json.toString());
    }

    private void log(Request request, HttpStatusException e) {
        if (e instanceof HttpException) {
            boolean first = logged.compareAndSet(e.status(), null, Boolean.TRUE);
            if (first && logger.isInfoEnabled()) {
                logger.info("Refused a request with " + e.status() + ": " + e.reason()
                    + " (logged once per status at INFO, then at DEBUG)");
            } else if (logger.isDebugEnabled()) {
                logger.debug("Refused a request with " + e.status() + ": " + e.reason());
            }
        } else if (e.status() >= 500) {
            logger.error("Request handler answered " + e.status() + " on " + describe(request), e);
        } else if (logger.isDebugEnabled()) {
            logger.debug("Answered " + e.status() + " to " + describe(request) + ": " + e.reason());
        }
    }

    private static String path(Request request) {
        try {
            return request.path();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String describe(Request request) {
        try {
            return request.toString();
        } catch (RuntimeException e) {
            return "a request";
        }
    }

    /** Appends {@code s} as a JSON string (RFC 8259 §7). */
    private static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
