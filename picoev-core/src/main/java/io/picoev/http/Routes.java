package io.picoev.http;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Exact-match routing by method and path, as a {@link RequestHandler}: in the manner of Spring's
 * functional endpoints, {@code Routes.builder().get("/plaintext", h).post("/echo", h2).build()}.
 *
 * <p>The path is {@link Request#path()}: the target's, before any {@code ?}, in origin-form and absolute-form alike. An unknown path goes to the fallback
 * handler, or gets 404; a known path with another method gets 405 with {@code Allow}. {@code HEAD}
 * is served by the {@code GET} handler (the server sends the head only). Looking a route up
 * allocates nothing: an open-addressing table keyed by a hash of the path bytes.
 */
public final class Routes implements RequestHandler {

    private final Map<String, Map<String, RequestHandler>> byPath;
    private final RequestHandler fallback;
    private final Entry[] table;
    private final int mask;

    private record Entry(String path, String[] methods, RequestHandler[] handlers, String allow) {
    }

    private Routes(Map<String, Map<String, RequestHandler>> byPath, RequestHandler fallback) {
        this.byPath = byPath;
        this.fallback = fallback;
        int size = Integer.highestOneBit(Math.max(4, byPath.size() * 4) - 1) << 1;
        this.table = new Entry[size];
        this.mask = size - 1;
        byPath.forEach((path, methods) -> {
            String[] names = methods.keySet().toArray(String[]::new);
            RequestHandler[] handlers = methods.values().toArray(RequestHandler[]::new);
            String allow = String.join(", ", methods.containsKey("GET") && !methods.containsKey("HEAD")
                ? append(names, "HEAD") : names);
            int i = hash(path) & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = new Entry(path, names, handlers, allow);
        });
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

    @Override
    public void handle(Request req, Response res) throws Exception {
        Entry e = find(req);
        if (e == null) {
            if (fallback != null) {
                fallback.handle(req, res);
            } else {
                res.http404();
            }
            return;
        }
        for (int i = 0; i < e.methods.length; i++) {
            if (req.isMethod(e.methods[i])) {
                e.handlers[i].handle(req, res);
                return;
            }
        }
        if (req.isMethod("HEAD")) {
            for (int i = 0; i < e.methods.length; i++) {
                if (e.methods[i].equals("GET")) {
                    e.handlers[i].handle(req, res);
                    return;
                }
            }
        }
        res.status(405).header("Allow", e.allow).end();
    }

    /** The route path {@code req} matches (whatever its method), or {@code null}; allocation-free. */
    public String pattern(Request req) {
        Entry e = find(req);
        return e == null ? null : e.path;
    }

    /** The routes, path to method to handler, in declaration order. */
    public Map<String, Map<String, RequestHandler>> routes() {
        return byPath;
    }

    /** The handler for unmatched paths, or {@code null} for 404. */
    public RequestHandler fallback() {
        return fallback;
    }

    private Entry find(Request req) {
        int len = req.pathLen;
        byte[] b = req.buf;
        int off = req.pathOff;
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + (b[off + i] & 0xff);
        }
        for (int i = h & mask; table[i] != null; i = (i + 1) & mask) {
            if (req.equalsAscii(off, len, table[i].path, false)) {
                return table[i];
            }
        }
        return null;
    }

    /** Same as the byte hash in {@link #find}, for ASCII paths. */
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

        /** Routes {@code method} requests for exactly {@code path} to {@code handler}. */
        public Builder route(String method, String path, RequestHandler handler) {
            Objects.requireNonNull(handler, "handler");
            checkToken(method);
            if (path.isEmpty() || path.indexOf('?') >= 0 || path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("route path must be non-empty visible ASCII without '?': '" + path + "'");
            }
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

        /** The routes as a handler. */
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
