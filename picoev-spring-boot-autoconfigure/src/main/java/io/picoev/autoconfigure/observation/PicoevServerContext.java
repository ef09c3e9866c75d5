package io.picoev.autoconfigure.observation;

import io.micrometer.observation.transport.RequestReplyReceiverContext;
import io.picoev.http.Request;
import io.picoev.http.Response;
import org.jspecify.annotations.Nullable;

/** What an {@code http.server.requests} observation knows of one request: the request, its route, its answer. */
public final class PicoevServerContext extends RequestReplyReceiverContext<Request, Response> {

    private @Nullable String route;

    /** A context for {@code request}, matched to {@code route} (or {@code null}). */
    public PicoevServerContext(Request request, @Nullable String route) {
        super((carrier, key) -> carrier.header(key));
        setCarrier(request);
        this.route = route;
    }

    /** Sets the route pattern the request matched. */
    public void setRoute(@Nullable String route) {
        this.route = route;
    }

    /** The route pattern the request matched, or {@code null}. */
    public @Nullable String getRoute() {
        return route;
    }
}
