package io.picoev.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routing by method and path, as a {@link RequestHandler}: in the manner of Spring's functional
 * endpoints, {@code Routes.builder().get("/users", list).get("/users/{id}", one).build()}.
 *
 * <p><b>Paths</b> use the syntax of Spring's {@code PathPattern}, whole segments only: a literal
 * ({@code /users}), a variable ({@code {id}}, one non-empty segment, read with
 * {@link Request#pathVariable(String)}), {@code *} (one non-empty segment), and last only
 * {@code /**} (zero or more segments) or {@code {*rest}} (the same, captured as {@code /a/b}, or
 * "" for none). Regular expressions and partial segments ({@code {id:\d+}}, {@code *.html}) are
 * rejected when the route is declared.
 *
 * <p><b>Matching</b> is on {@link Request#path()} (origin-form and absolute-form alike, without
 * the query) percent-decoded: {@code /us%65rs/1} matches {@code /users/{id}}, and an encoded
 * slash ({@code %2F}) stays inside its segment. The raw target stays in {@link Request#target()}.
 *
 * <p><b>Precedence</b>: a route without variables or wildcards wins, looked up in a hash table
 * without allocating; then patterns, through a tree of segments (not a scan of every route),
 * where at the first segment that differs a literal beats a variable, a variable beats
 * {@code *}, and {@code *} beats a trailing {@code /**} or {@code {*rest}}. Among the paths that
 * match, one with a handler for the method wins.
 *
 * <p><b>Answers</b>: no route matches: the fallback handler, else {@link HttpStatusException} 404;
 * a route matches but not the method: 405 with {@code Allow}; {@code HEAD} is served by the
 * {@code GET} handler (the server sends the head only); {@code OPTIONS} without its own handler
 * gets 200 with {@code Allow}. Errors go to the {@link ErrorHandler}.
 *
 * <p><b>Dispatch</b>: wrap a handler in {@link #blocking(RequestHandler)} to run it on the
 * server's executor (virtual threads) while the other routes stay on the loop, or in
 * {@link #onLoop(RequestHandler)} to keep it on the loop when the server's default is the executor.
 */
public final class Routes implements RequestHandler {

    private final Map<String, Map<String, RequestHandler>> byPath;
    private final RequestHandler fallback;
    /** Routes without variables or wildcards, by the hash of their path bytes (open addressing). */
    private final Entry[] table;
    private final int mask;
    private final Map<String, Entry> exact = new HashMap<>();
    private final Node patterns = new Node();
    private final boolean hasPatterns;

    /** One route path with its handlers; {@code names} are its variables, in order. */
    private record Entry(String path, String[] methods, RequestHandler[] handlers, String allow, String[] names,
            boolean capturesRest) {

        RequestHandler handler(Request req) {
            for (int i = 0; i < methods.length; i++) {
                if (req.isMethod(methods[i])) {
                    return handlers[i];
                }
            }
            if (req.isMethod("HEAD")) {
                for (int i = 0; i < methods.length; i++) {
                    if (methods[i].equals("GET")) {
                        return handlers[i];
                    }
                }
            }
            return null;
        }
    }

    /** A segment of the pattern tree. */
    private static final class Node {
        final Map<String, Node> literals = new HashMap<>();
        Node variable;
        Node wildcard;
        Entry entry;
        Entry rest;
    }

    private Routes(Map<String, Map<String, RequestHandler>> byPath, RequestHandler fallback) {
        this.byPath = byPath;
        this.fallback = fallback;
        int exactCount = 0;
        boolean anyPattern = false;
        for (String path : byPath.keySet()) {
            if (PathSyntax.isExact(path)) {
                exactCount++;
            } else {
                anyPattern = true;
            }
        }
        this.hasPatterns = anyPattern;
        int size = Integer.highestOneBit(Math.max(4, exactCount * 4) - 1) << 1;
        this.table = new Entry[size];
        this.mask = size - 1;
        byPath.forEach((path, methods) -> {
            String[] names = methods.keySet().toArray(String[]::new);
            RequestHandler[] handlers = methods.values().toArray(RequestHandler[]::new);
            String allow = String.join(", ", methods.containsKey("GET") && !methods.containsKey("HEAD")
                ? append(names, "HEAD") : names);
            if (PathSyntax.isExact(path)) {
                Entry e = new Entry(path, names, handlers, allow, new String[0], false);
                exact.put(path, e);
                int i = hash(path) & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = e;
            } else {
                insert(path, names, handlers, allow);
            }
        });
    }

    private void insert(String path, String[] methods, RequestHandler[] handlers, String allow) {
        String[] segs = PathSyntax.segments(path);
        Node n = patterns;
        List<String> vars = new ArrayList<>();
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            boolean last = i == segs.length - 1;
            if (last && (s.equals("**") || s.startsWith("{*"))) {
                if (s.startsWith("{*")) {
                    vars.add(s.substring(2, s.length() - 1));
                }
                if (n.rest != null) {
                    throw new IllegalArgumentException("route " + path + " matches the same paths as " + n.rest.path);
                }
                n.rest = new Entry(path, methods, handlers, allow, vars.toArray(String[]::new), s.startsWith("{*"));
                return;
            }
            if (s.equals("*")) {
                n = n.wildcard == null ? (n.wildcard = new Node()) : n.wildcard;
            } else if (s.startsWith("{")) {
                vars.add(s.substring(1, s.length() - 1));
                n = n.variable == null ? (n.variable = new Node()) : n.variable;
            } else {
                n = n.literals.computeIfAbsent(s, k -> new Node());
            }
        }
        if (n.entry != null) {
            throw new IllegalArgumentException("route " + path + " matches the same paths as " + n.entry.path
                + ": declare it once, with one name per variable");
        }
        n.entry = new Entry(path, methods, handlers, allow, vars.toArray(String[]::new), false);
    }

    private static String[] append(String[] a, String s) {
        String[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = s;
        return b;
    }

    /** A builder with no routes. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code handler}, run on the server's executor (virtual threads): it may block. See {@link Dispatch#BLOCKING}. */
    public static RequestHandler blocking(RequestHandler handler) {
        return new Dispatched(Objects.requireNonNull(handler, "handler"), Dispatch.BLOCKING);
    }

    /** {@code handler}, run on the loop even when the server's default is the executor. See {@link Dispatch#LOOP}. */
    public static RequestHandler onLoop(RequestHandler handler) {
        return new Dispatched(Objects.requireNonNull(handler, "handler"), Dispatch.LOOP);
    }

    private record Dispatched(RequestHandler handler, Dispatch where) implements RequestHandler {
        @Override
        public void handle(Request request, Response response) throws Exception {
            handler.handle(request, response);
        }

        @Override
        public Dispatch dispatch(Request request) {
            return where;
        }
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        Entry e = match(req);
        if (e == null) {
            if (fallback == null) {
                throw new HttpStatusException(404, null);
            }
            fallback.handle(req, res);
            return;
        }
        RequestHandler h = e.handler(req);
        if (h != null) {
            h.handle(req, res);
        } else if (req.isMethod("OPTIONS")) {
            res.status(200).header("Allow", e.allow + ", OPTIONS").end();
        } else {
            throw new HttpStatusException(405, null).header("Allow", e.allow);
        }
    }

    @Override
    public Dispatch dispatch(Request req) {
        Entry e;
        try {
            e = match(req);
        } catch (HttpStatusException ex) {
            return Dispatch.DEFAULT; // handle() meets the same error and answers it
        }
        RequestHandler h = e == null ? fallback : e.handler(req);
        return h == null ? Dispatch.DEFAULT : h.dispatch(req);
    }

    /** The route pattern {@code req} matches (whatever its method), or {@code null}. */
    public String pattern(Request req) {
        try {
            Entry e = match(req);
            return e == null ? null : e.path;
        } catch (HttpStatusException e) {
            return null;
        }
    }

    /** The routes, path to method to handler, in declaration order. */
    public Map<String, Map<String, RequestHandler>> routes() {
        return byPath;
    }

    /** The handler for unmatched paths, or {@code null} for 404. */
    public RequestHandler fallback() {
        return fallback;
    }

    /** Finds the route once per request and keeps it in the request; allocation-free for an exact route. */
    private Entry match(Request req) {
        if (req.routedBy == this) {
            return (Entry) req.routeMatch;
        }
        int len = req.pathLen;
        byte[] b = req.buf;
        int off = req.pathOff;
        boolean encoded = false;
        int h = 0;
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xff;
            encoded |= c == '%';
            h = 31 * h + c;
        }
        Entry e = null;
        if (!encoded) {
            for (int i = h & mask; table[i] != null; i = (i + 1) & mask) {
                if (req.equalsAscii(off, len, table[i].path, false)) {
                    e = table[i];
                    break;
                }
            }
        }
        boolean slashed = len > 0 && b[off] == '/'; // not "*" (OPTIONS) or "" (CONNECT)
        if (e == null && slashed && (encoded || hasPatterns)) {
            e = matchDecoded(req, PercentDecoder.segments(b, off, len), true);
        } else if (e != null && hasPatterns && e.handler(req) == null) {
            Entry p = matchDecoded(req, PercentDecoder.segments(b, off, len), false); // a pattern may have the method
            if (p != null && p.handler(req) != null) {
                e = p;
            } else {
                req.pathVariables = null;
            }
        }
        req.routedBy = this;
        req.routeMatch = e;
        req.route = e == null ? null : e.path;
        return e;
    }

    private Entry matchDecoded(Request req, String[] segs, boolean exactToo) {
        boolean slashInside = false;
        for (String s : segs) {
            slashInside |= s.indexOf('/') >= 0;
        }
        if (exactToo && !slashInside) {
            Entry e = exact.get("/" + String.join("/", segs));
            if (e != null) {
                return e;
            }
        }
        if (!hasPatterns) {
            return null;
        }
        int[] caps = new int[segs.length + 1];
        Entry e = find(patterns, segs, 0, caps, 0, req);
        if (e == null) {
            e = find(patterns, segs, 0, caps, 0, null); // any method: a 405
        }
        if (e == null) {
            return null;
        }
        if (e.names.length > 0) {
            String[] vars = new String[e.names.length * 2];
            for (int i = 0; i < e.names.length; i++) {
                vars[2 * i] = e.names[i];
                boolean rest = e.capturesRest && i == e.names.length - 1;
                vars[2 * i + 1] = rest ? restOf(segs, caps[i]) : segs[caps[i]];
            }
            req.pathVariables = vars;
        }
        return e;
    }

    /**
     * The route under {@code n} matching {@code segs[i..]}, depth first in precedence order;
     * {@code caps[depth..]} get the segment index of each variable on the way. With a request,
     * only a route with a handler for its method counts.
     */
    private static Entry find(Node n, String[] segs, int i, int[] caps, int depth, Request req) {
        if (i == segs.length && accepts(n.entry, req)) {
            return n.entry;
        }
        if (i < segs.length) {
            Node lit = n.literals.get(segs[i]);
            Entry e = lit == null ? null : find(lit, segs, i + 1, caps, depth, req);
            if (e == null && n.variable != null && !segs[i].isEmpty()) {
                caps[depth] = i;
                e = find(n.variable, segs, i + 1, caps, depth + 1, req);
            }
            if (e == null && n.wildcard != null && !segs[i].isEmpty()) {
                e = find(n.wildcard, segs, i + 1, caps, depth, req);
            }
            if (e != null) {
                return e;
            }
        }
        if (accepts(n.rest, req)) {
            caps[depth] = i;
            return n.rest;
        }
        return null;
    }

    private static boolean accepts(Entry e, Request req) {
        return e != null && (req == null || e.handler(req) != null);
    }

    private static String restOf(String[] segs, int from) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < segs.length; i++) {
            s.append('/').append(segs[i]);
        }
        return s.toString();
    }

    /** Same as the byte hash in {@link #match}, for ASCII paths. */
    private static int hash(String path) {
        int h = 0;
        for (int i = 0; i < path.length(); i++) {
            h = 31 * h + path.charAt(i);
        }
        return h;
    }

    /** Collects routes; a method and path declared twice is an error. */
    public static final class Builder {
        private final Map<String, Map<String, RequestHandler>> byPath = new LinkedHashMap<>();
        private RequestHandler fallback;

        private Builder() {
        }

        /**
         * Routes {@code method} requests whose path matches {@code path} (see {@link Routes}) to
         * {@code handler}; an unsupported pattern is an {@link IllegalArgumentException} saying why.
         */
        public Builder route(String method, String path, RequestHandler handler) {
            Objects.requireNonNull(handler, "handler");
            checkToken(method);
            PathSyntax.check(path);
            RequestHandler old = byPath.computeIfAbsent(path, p -> new LinkedHashMap<>()).putIfAbsent(method, handler);
            if (old != null) {
                throw new IllegalArgumentException("route " + method + " " + path + " is declared twice");
            }
            return this;
        }

        /** {@code GET} (and so {@code HEAD}). */
        public Builder get(String path, RequestHandler handler) {
            return route("GET", path, handler);
        }

        /** {@code POST}. */
        public Builder post(String path, RequestHandler handler) {
            return route("POST", path, handler);
        }

        /** {@code PUT}. */
        public Builder put(String path, RequestHandler handler) {
            return route("PUT", path, handler);
        }

        /** {@code PATCH}. */
        public Builder patch(String path, RequestHandler handler) {
            return route("PATCH", path, handler);
        }

        /** {@code DELETE}. */
        public Builder delete(String path, RequestHandler handler) {
            return route("DELETE", path, handler);
        }

        /** Every route of {@code other}; a clash is an error. */
        public Builder add(Routes other) {
            other.byPath.forEach((path, methods) -> methods.forEach((m, h) -> route(m, path, h)));
            return this;
        }

        /** Serves unmatched paths with {@code handler} instead of 404. */
        public Builder fallback(RequestHandler handler) {
            this.fallback = handler;
            return this;
        }

        /** The routes as a handler; two patterns that match the same paths are an error. */
        public Routes build() {
            Map<String, Map<String, RequestHandler>> copy = new LinkedHashMap<>();
            byPath.forEach((p, m) -> copy.put(p, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
            return new Routes(Collections.unmodifiableMap(copy), fallback);
        }

        private static void checkToken(String method) {
            if (method.isEmpty() || !method.chars().allMatch(Ascii::isToken)) {
                throw new IllegalArgumentException("route method must be a token: '" + method + "'");
            }
        }
    }
}
