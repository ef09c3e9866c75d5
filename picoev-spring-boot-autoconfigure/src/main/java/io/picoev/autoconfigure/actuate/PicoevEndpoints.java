package io.picoev.autoconfigure.actuate;

import io.picoev.http.RequestHandler;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Actuator's web endpoints as picoev serves them: makes the {@link PicoevEndpointHandler} for
 * the server port (in front of the application's handler) or the management port (alone).
 * Not a {@link RequestHandler} itself, so it is never taken for one of the application's.
 */
public final class PicoevEndpoints {

    private final PicoevEndpointHandler endpoints;

    PicoevEndpoints(PicoevEndpointHandler endpoints) {
        this.endpoints = endpoints;
    }

    /** A handler serving the endpoints and passing other requests to {@code fallback} (404 when {@code null}). */
    public PicoevEndpointHandler handler(@Nullable RequestHandler fallback) {
        return endpoints.withFallback(fallback);
    }

    /** Where the operations run: virtual threads. */
    public Executor executor() {
        return endpoints.executor();
    }
}
