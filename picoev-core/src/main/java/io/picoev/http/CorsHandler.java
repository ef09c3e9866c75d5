package io.picoev.http;

import java.util.concurrent.Executor;

/**
 * Applies a {@link CorsConfig} in front of another handler, as Spring's {@code CorsFilter} does
 * (Fetch standard, CORS protocol): a preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) is answered here, 200 with the {@code Access-Control-*}
 * headers, or 403 when the origin, method or headers are not allowed; an actual cross-origin
 * request gets {@code Access-Control-Allow-Origin} (and the exposed headers) on whatever answer
 * the handler writes, or 403 for an origin not allowed. Requests without {@code Origin}, or
 * from the same origin, pass untouched and allocate nothing here.
 */
public final class CorsHandler implements RequestHandler {

    private static final String VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private final CorsConfig config;
    private final RequestHandler delegate;
    private final String methods;
    private final String exposed;
    private final String maxAge;

    /** Serves {@code delegate} under {@code config}. */
    public CorsHandler(CorsConfig config, RequestHandler delegate) {
        this.config = config;
        this.delegate = delegate;
        this.methods = String.join(", ", config.allowedMethods());
        this.exposed = String.join(", ", config.exposedHeaders());
        this.maxAge = Long.toString(config.maxAge().toSeconds());
    }

    /** The handler behind this one. */
    public RequestHandler delegate() {
        return delegate;
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        int o = req.indexOfHeader("Origin");
        if (o < 0) {
            delegate.handle(req, res);
            return;
        }
        String origin = req.headerValue(o);
        String host = req.header("Host");
        if (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))) {
            delegate.handle(req, res); // same origin: not a CORS request
            return;
        }
        res.presetHeader("Vary", VARY);
        boolean preflight = isPreflight(req);
        if (!config.allowsOrigin(origin)) {
            throw new HttpStatusException(403, "Invalid CORS request");
        }
        String allowOrigin = config.allowCredentials() || !config.allowedOrigins().contains("*") ? origin : "*";
        if (preflight) {
            String method = req.header("Access-Control-Request-Method");
            String headers = req.header("Access-Control-Request-Headers");
            if (!config.allowsMethod(method) || !config.allowsHeaders(headers)) {
                throw new HttpStatusException(403, "Invalid CORS request");
            }
            res.status(200).header("Access-Control-Allow-Origin", allowOrigin)
                .header("Access-Control-Allow-Methods", config.allowedMethods().contains("*") ? method : methods);
            if (headers != null && !headers.isBlank()) {
                res.header("Access-Control-Allow-Headers", headers);
            }
            if (config.allowCredentials()) {
                res.header("Access-Control-Allow-Credentials", "true");
            }
            res.header("Access-Control-Max-Age", maxAge).end();
            return;
        }
        res.presetHeader("Access-Control-Allow-Origin", allowOrigin);
        if (config.allowCredentials()) {
            res.presetHeader("Access-Control-Allow-Credentials", "true");
        }
        if (!exposed.isEmpty()) {
            res.presetHeader("Access-Control-Expose-Headers", exposed);
        }
        delegate.handle(req, res);
    }

    @Override
    public Dispatch dispatch(Request req) {
        return isPreflight(req) ? Dispatch.LOOP : delegate.dispatch(req);
    }

    @Override
    public Executor executorFor(Request req) {
        return isPreflight(req) ? null : delegate.executorFor(req);
    }

    private static boolean isPreflight(Request req) {
        return req.isMethod("OPTIONS") && req.indexOfHeader("Origin") >= 0
            && req.indexOfHeader("Access-Control-Request-Method") >= 0;
    }
}
