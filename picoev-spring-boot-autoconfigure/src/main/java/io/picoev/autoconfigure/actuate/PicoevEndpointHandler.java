package io.picoev.autoconfigure.actuate;

import io.picoev.http.Dispatch;
import io.picoev.http.Request;
import io.picoev.http.RequestHandler;
import io.picoev.http.Response;
import io.picoev.http.Routes;
import io.picoev.autoconfigure.observation.RoutePatternResolver;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves Actuator's web endpoints, the way Boot's Jersey and WebFlux adapters do: every
 * {@link ExposableWebEndpoint}'s operations at their request predicates under the base path,
 * the discovery page at the base path, arguments from path variables, query parameters and a
 * JSON body, {@code Accept} passed to producible operations (the Prometheus format). Requests
 * outside the endpoints go to the application's handler ({@code fallback}), or get a 404.
 *
 * <p>Operations may block (health contributors call databases): {@link #executorFor} sends
 * every request under the base path to {@code executor} (virtual threads), never the loop.
 */
public final class PicoevEndpointHandler implements RequestHandler, RoutePatternResolver {

    private final Endpoints endpoints;
    private final String[] base;
    private final byte[] prefix;
    private final EndpointMediaTypes mediaTypes;
    private final WebServerNamespace namespace;
    private final EndpointResponseWriter writer;
    private final JsonMapper json;
    private final Executor executor;
    private final @Nullable RequestHandler fallback;

    /**
     * Serves {@code endpoints} under {@code mapping}, with the discovery page when
     * {@code links} is not {@code null}, running operations on {@code executor}, writing JSON
     * with {@code json} ({@code endpointJson} for {@code OperationResponseBody} results); other
     * requests go to {@code fallback} (or 404 when {@code null}).
     */
    PicoevEndpointHandler(EndpointMapping mapping, Supplier<Collection<ExposableWebEndpoint>> endpoints,
            EndpointMediaTypes mediaTypes, boolean links, WebServerNamespace namespace,
            JsonMapper json, @Nullable EndpointJsonMapper endpointJson, Executor executor,
            @Nullable RequestHandler fallback) {
        this.endpoints = new Endpoints(mapping, endpoints, links);
        this.base = EndpointRoute.segments(mapping.getPath());
        this.prefix = mapping.getPath().getBytes(StandardCharsets.US_ASCII);
        this.mediaTypes = mediaTypes;
        this.namespace = namespace;
        this.writer = new EndpointResponseWriter(json, endpointJson);
        this.json = json;
        this.executor = executor;
        this.fallback = fallback;
    }

    /** Where the operations run. */
    Executor executor() {
        return executor;
    }

    /** The same endpoints in front of another handler. */
    PicoevEndpointHandler withFallback(@Nullable RequestHandler fallback) {
        return new PicoevEndpointHandler(this, fallback);
    }

    private PicoevEndpointHandler(PicoevEndpointHandler o, @Nullable RequestHandler fallback) {
        this.endpoints = o.endpoints;
        this.base = o.base;
        this.prefix = o.prefix;
        this.mediaTypes = o.mediaTypes;
        this.namespace = o.namespace;
        this.writer = o.writer;
        this.json = o.json;
        this.executor = o.executor;
        this.fallback = fallback;
    }

    /** Requests under the base path go to the executor; others stay where the server runs them. Allocation-free. */
    @Override
    public @Nullable Executor executorFor(Request request) {
        return underBase(request) ? executor : fallback == null ? null : fallback.executorFor(request);
    }

    /** Endpoints go by {@link #executorFor}; other requests where the application's routes say ({@code Routes.blocking}). */
    @Override
    public Dispatch dispatch(Request request) {
        return underBase(request) || fallback == null ? Dispatch.DEFAULT : fallback.dispatch(request);
    }

    private boolean underBase(Request request) {
        byte[] buf = request.buffer();
        int off = request.pathOffset();
        int len = request.pathLength();
        if (prefix.length == 0) {
            return fallback == null || len > 0; // endpoints at the root own every path only without an application
        }
        if (len < prefix.length || (len > prefix.length && buf[off + prefix.length] != '/')) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The endpoint's path template for requests under the base path; the fallback's pattern otherwise. */
    @Override
    public @Nullable String routePattern(Request req) {
        if (prefix.length == 0 || underBase(req)) {
            String[] path = decodedPath(req);
            if (endpoints.links() != null && path.length == base.length) {
                return "/" + String.join("/", base);
            }
            for (EndpointRoute route : endpoints.routes()) {
                if (route.match(path) != null) {
                    return route.pattern();
                }
            }
        }
        return fallback instanceof RoutePatternResolver r ? r.routePattern(req)
            : fallback instanceof Routes routes ? routes.pattern(req) : null;
    }

    private static String[] decodedPath(Request req) {
        String[] path = EndpointRoute.segments(req.path());
        for (int i = 0; i < path.length; i++) {
            path[i] = StringUtils.uriDecode(path[i], StandardCharsets.UTF_8);
        }
        return path;
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        if (prefix.length > 0 && !underBase(req)) {
            fallThrough(req, res);
            return;
        }
        String[] path = decodedPath(req);
        String query = req.query();
        String method = req.isMethod("HEAD") ? "GET" : req.method();
        EndpointLinksResolver links = endpoints.links();
        if (links != null && path.length == base.length) {
            if (!method.equals("GET")) {
                res.status(405).header("Allow", "GET, HEAD").end();
                return;
            }
            // the target's authority wins over Host (RFC 9112 §3.2.2); with none, links are absolute paths
            String authority = req.authority();
            String origin = authority == null || authority.isEmpty() ? "" : "http://" + authority;
            String url = origin + (base.length == 0 ? "" : "/" + String.join("/", base));
            Object body = OperationResponseBody.of(Map.of("_links", links.resolveLinks(url)));
            writer.write(body, method, mediaTypes.getProduced(), req.header("Accept"), res);
            return;
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (EndpointRoute route : endpoints.routes()) {
            Map<String, Object> variables = route.match(path);
            if (variables == null) {
                continue;
            }
            if (!route.method.equals(method)) {
                allowed.add(route.method);
                continue;
            }
            invoke(route, variables, req, res, method, query);
            return;
        }
        if (!allowed.isEmpty()) {
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            res.status(405).header("Allow", String.join(", ", allowed)).end();
            return;
        }
        fallThrough(req, res);
    }

    private void fallThrough(Request req, Response res) throws Exception {
        if (fallback != null) {
            fallback.handle(req, res);
        } else {
            res.http404();
        }
    }

    private void invoke(EndpointRoute route, Map<String, Object> variables, Request req, Response res, String method,
            @Nullable String query) {
        Map<String, Object> arguments = new HashMap<>();
        try {
            if (!route.operation.getRequestPredicate().getConsumes().isEmpty() && req.bodyLength() > 0) {
                arguments.putAll(json.readValue(req.bodyBytes(), Map.class));
            }
        } catch (RuntimeException e) {
            res.send(400, "text/plain", "400 Bad Request: the body is not a JSON object\n");
            return;
        }
        arguments.putAll(variables);
        arguments.putAll(queryParameters(query));
        String accept = req.header("Accept");
        InvocationContext context = new InvocationContext(SecurityContext.NONE, arguments,
            OperationArgumentResolver.of(WebServerNamespace.class, () -> namespace),
            new ProducibleOperationArgumentResolver(() -> accept == null ? null : List.of(accept)));
        Object result;
        try {
            result = route.operation.invoke(context);
        } catch (InvalidEndpointRequestException e) {
            res.send(400, "text/plain", "400 Bad Request: " + e.getReason() + "\n");
            return;
        }
        writer.write(result, method, route.operation.getRequestPredicate().getProduces(), accept, res);
    }

    /**
     * The endpoints' routes and links, discovered at the first request: discovering makes the
     * endpoint beans, which may depend on the server (the picoev health indicator does).
     */
    private static final class Endpoints {

        private final EndpointMapping mapping;
        private final Supplier<Collection<ExposableWebEndpoint>> supplier;
        private final boolean links;
        private volatile @Nullable List<EndpointRoute> routes;
        private volatile @Nullable EndpointLinksResolver resolver;

        Endpoints(EndpointMapping mapping, Supplier<Collection<ExposableWebEndpoint>> supplier, boolean links) {
            this.mapping = mapping;
            this.supplier = supplier;
            this.links = links;
        }

        List<EndpointRoute> routes() {
            List<EndpointRoute> r = routes;
            if (r == null) {
                Collection<ExposableWebEndpoint> all = supplier.get();
                List<EndpointRoute> made = new ArrayList<>();
                all.forEach(e -> e.getOperations().forEach(op -> made.add(new EndpointRoute(mapping, op))));
                made.sort(Comparator.comparing(EndpointRoute::hasVariables)); // literal paths win over templates
                resolver = links ? new EndpointLinksResolver(all, mapping.getPath()) : null;
                routes = r = List.copyOf(made);
            }
            return r;
        }

        @Nullable EndpointLinksResolver links() {
            routes();
            return resolver;
        }
    }

    /** {@code a=1&b=2&b=3} as {@code {a=1, b=[2, 3]}}, decoded as a form (RFC 3986, {@code +} is a space). */
    static Map<String, Object> queryParameters(@Nullable String query) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                all.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        Map<String, Object> arguments = new HashMap<>();
        all.forEach((name, values) -> arguments.put(name, values.size() == 1 ? values.get(0) : values));
        return arguments;
    }

    @Override
    public String toString() {
        return "Actuator endpoints under /" + String.join("/", base) + (fallback == null ? "" : " in front of " + fallback);
    }
}
