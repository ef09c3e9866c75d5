package io.picoev.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.picoev.http.Dispatch;
import io.picoev.http.Request;
import io.picoev.http.RequestHandler;
import io.picoev.http.Response;
import io.picoev.http.Routes;
import java.util.concurrent.Executor;

/**
 * Wraps the application's handler in an {@code http.server.requests} observation.
 *
 * <p>Kept cheap for the loop: a loop thread handles one request at a time, so it reuses one
 * context (no maps allocated per request), and opens no scope: a scope exists for what runs
 * inside the handler (logs, outgoing calls), and a handler on the loop must not block on either.
 * A handler off the loop (virtual threads) gets a context of its own and the scope, so tracing
 * and MDC reach it.
 */
public class ObservedRequestHandler implements RequestHandler {

    private static final PicoevServerRequestObservationConvention DEFAULT = new PicoevServerRequestObservationConvention();

    private final RequestHandler delegate;
    private final ObservationRegistry registry;
    private final ThreadLocal<PicoevServerContext> loopContexts = ThreadLocal.withInitial(PicoevServerContext::new);

    /** Observes every call of {@code delegate} in {@code registry}. */
    public ObservedRequestHandler(RequestHandler delegate, ObservationRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public Dispatch dispatch(Request request) {
        return delegate.dispatch(request);
    }

    @Override
    public Executor executorFor(Request request) {
        return delegate.executorFor(request);
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        if (registry.isNoop()) {
            delegate.handle(req, res);
            return;
        }
        boolean onLoop = !Thread.currentThread().isVirtual();
        PicoevServerContext context = onLoop ? loopContexts.get() : new PicoevServerContext();
        context.reset(req, route(req));
        Observation observation = Observation.createNotStarted(null, DEFAULT, () -> context, registry).start();
        try {
            if (onLoop) {
                delegate.handle(req, res);
            } else {
                try (Observation.Scope scope = observation.openScope()) {
                    delegate.handle(req, res);
                }
            }
        } catch (Exception | Error e) {
            observation.error(e);
            throw e;
        } finally {
            if (context.getRoute() == null) {
                context.setRoute(req.route()); // the pattern the router matched, behind any wrapper such as CORS
            }
            context.setResponse(res);
            observation.stop();
            context.release();
        }
    }

    private String route(Request req) {
        return delegate instanceof RoutePatternResolver r ? r.routePattern(req)
            : delegate instanceof Routes routes ? routes.pattern(req) : null;
    }
}
