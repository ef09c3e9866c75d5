package io.picoev.autoconfigure.accesslog;

import io.picoev.http.Dispatch;
import io.picoev.http.HttpStatusException;
import io.picoev.http.Request;
import io.picoev.http.RequestHandler;
import io.picoev.http.Response;
import io.picoev.http.Routes;
import io.picoev.autoconfigure.observation.RoutePatternResolver;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the application's handler and adds a line to the {@link AccessLog} for each request it
 * answers, where the handler ran (loop or virtual thread). An exception is logged with the
 * status the server answers it with (an {@link HttpStatusException}'s, else 500) and no size.
 */
public final class AccessLogHandler implements RequestHandler, RoutePatternResolver {

    private final RequestHandler delegate;
    private final AccessLog log;

    /** Logs every call of {@code delegate} to {@code log}. */
    public AccessLogHandler(RequestHandler delegate, AccessLog log) {
        this.delegate = delegate;
        this.log = log;
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
    public @Nullable String routePattern(Request req) {
        return delegate instanceof RoutePatternResolver r ? r.routePattern(req)
            : delegate instanceof Routes routes ? routes.pattern(req) : null;
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        try {
            delegate.handle(req, res);
        } catch (Exception | Error e) {
            int status = e instanceof HttpStatusException s ? s.status() : 500;
            log.add(req.remoteAddress(), startMillis, req.toString(), status, -1, System.nanoTime() - start);
            throw e;
        }
        log.add(req.remoteAddress(), startMillis, req.toString(), res.status() == 0 ? 500 : res.status(), res.contentLength(),
            System.nanoTime() - start);
    }
}
