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
 * Wraps the application's handler in an {@code http.server.requests} observation. The scope is
 * open only around the handler call, so no thread-local state stays on a loop thread.
 */
public class ObservedRequestHandler implements RequestHandler {

    private static final PicoevServerRequestObservationConvention DEFAULT = new PicoevServerRequestObservationConvention();

    private final RequestHandler delegate;
    private final ObservationRegistry registry;

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
        String route = delegate instanceof RoutePatternResolver r ? r.routePattern(req)
            : delegate instanceof Routes routes ? routes.pattern(req) : null;
        PicoevServerContext context = new PicoevServerContext(req, route);
        Observation observation = Observation.createNotStarted(null, DEFAULT, () -> context, registry).start();
        try (Observation.Scope scope = observation.openScope()) {
            delegate.handle(req, res);
        } catch (Exception | Error e) {
            observation.error(e);
            throw e;
        } finally {
            if (context.getRoute() == null) {
                context.setRoute(req.route()); // the pattern the router matched, behind any wrapper such as CORS
            }
            context.setResponse(res);
            observation.stop();
        }
    }
}
