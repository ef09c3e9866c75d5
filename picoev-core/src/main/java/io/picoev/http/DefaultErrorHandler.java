package io.picoev.http;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** See {@link ErrorHandler#DEFAULT}. */
final class DefaultErrorHandler implements ErrorHandler {

    private static final System.Logger LOG = System.getLogger("io.picoev.http");

    private final AtomicReferenceArray<Boolean> logged = new AtomicReferenceArray<>(600);

    @Override
    public void handle(Request request, Response response, Throwable error) {
        if (error instanceof HttpException e) {
            boolean first = logged.compareAndSet(e.status(), null, Boolean.TRUE);
            LOG.log(first ? Level.INFO : Level.DEBUG, () -> "Refused a request with " + e.status() + " "
                + HttpStatus.reason(e.status()) + ": " + e.getMessage()
                + (first ? " (logged once per status at INFO, then at DEBUG)" : ""));
            response.send(e.status(), "text/plain", e.status() + " " + HttpStatus.reason(e.status()) + "\n");
        } else if (error instanceof HttpStatusException e) {
            if (e.status() >= 500) {
                LOG.log(Level.ERROR, "Request handler answered " + e.status() + " on " + describe(request), e);
            }
            response.status(e.status());
            e.writeHeaders(response);
            response.contentType("text/plain").body(e.status() + " " + HttpStatus.reason(e.status())
                + (e.reason() == null ? "" : ": " + e.reason()) + "\n");
        } else {
            LOG.log(Level.ERROR, "Request handler failed on " + describe(request), error);
            response.send(500, "text/plain", "500 Internal Server Error\n");
        }
    }

    private static String describe(Request request) {
        try {
            return request.toString();
        } catch (RuntimeException e) {
            return "a request";
        }
    }
}
