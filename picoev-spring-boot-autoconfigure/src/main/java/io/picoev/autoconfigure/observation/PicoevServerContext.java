package io.picoev.autoconfigure.observation;

import io.micrometer.observation.transport.RequestReplyReceiverContext;
import io.picoev.http.Request;
import io.picoev.http.Response;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code http.server.requests} observation knows of one request: the request, its
 * route, its answer. A loop thread reuses one ({@link #reset}, {@link #release}) since it
 * observes one request at a time.
 */
public final class PicoevServerContext extends RequestReplyReceiverContext<Request, Response> {

    private @Nullable String route;

    /** An empty context, filled by {@link #reset}. */
    public PicoevServerContext() {
        super((carrier, key) -> carrier.header(key));
    }

    /** A context for {@code request}, matched to {@code route} (or {@code null}). */
    public PicoevServerContext(Request request, @Nullable String route) {
        this();
        reset(request, route);
    }

    /** Makes this the context of {@code request}, forgetting the previous request's state. */
    void reset(Request request, @Nullable String route) {
        clear();
        setError(null);
        setParentObservation(null);
        setContextualName(null);
        setResponse(null);
        setCarrier(request);
        this.route = route;
    }

    /** Sets the route pattern the request matched. */
    public void setRoute(@Nullable String route) {
        this.route = route;
    }

    /** Lets go of the request and response once the observation stopped (the loop reuses them). */
    void release() {
        setCarrier(null);
        setResponse(null);
    }

    /** The route pattern the request matched, or {@code null}. */
    public @Nullable String getRoute() {
        return route;
    }
}
