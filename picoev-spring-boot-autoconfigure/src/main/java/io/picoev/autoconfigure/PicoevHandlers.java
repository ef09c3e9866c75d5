package io.picoev.autoconfigure;

import io.picoev.Config;
import io.picoev.RawHandler;
import io.picoev.http.RequestHandler;
import io.picoev.http.Routes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adapts the application's handler beans to the server's callbacks:
 * <ul>
 * <li>every {@link Routes} bean is merged into one router (a path and method declared twice is
 * an error);</li>
 * <li>one plain {@link RequestHandler} bean serves every request, or, beside routes, the paths no
 * route matches; two or more are an error: route them;</li>
 * <li>a {@link RawHandler} bean selects raw mode, and may not stand beside HTTP handlers.</li>
 * </ul>
 */
final class PicoevHandlers {

    private PicoevHandlers() {
    }

    /** Sets the handler or raw handler on {@code config}; false when there is none at all. */
    static boolean apply(Config.Builder config, Map<String, RequestHandler> handlers, Map<String, RawHandler> raw) {
        if (!raw.isEmpty()) {
            if (raw.size() > 1) {
                throw new IllegalStateException("picoev found several RawHandler beans " + raw.keySet()
                    + ": raw mode takes exactly one");
            }
            if (!handlers.isEmpty()) {
                throw new IllegalStateException("picoev found RawHandler bean " + raw.keySet()
                    + " beside HTTP handler beans " + handlers.keySet()
                    + ": a RawHandler selects raw mode, which parses no HTTP. Keep one kind.");
            }
            config.rawHandler(raw.values().iterator().next());
            return true;
        }
        Map<String, Routes> routes = new LinkedHashMap<>();
        Map<String, RequestHandler> plain = new LinkedHashMap<>();
        handlers.forEach((name, h) -> {
            if (h instanceof Routes r) {
                routes.put(name, r);
            } else {
                plain.put(name, h);
            }
        });
        if (plain.size() > 1) {
            throw new IllegalStateException("picoev found several RequestHandler beans " + plain.keySet()
                + ": declare one, or route them by method and path in a Routes bean "
                + "(Routes.builder().get(\"/path\", handler).build())");
        }
        RequestHandler single = plain.isEmpty() ? null : plain.values().iterator().next();
        if (routes.isEmpty()) {
            if (single == null) {
                return false;
            }
            config.handler(single);
            return true;
        }
        Routes.Builder merged = Routes.builder();
        routes.forEach((name, r) -> {
            try {
                merged.add(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("picoev Routes bean '" + name + "' clashes with another: " + e.getMessage(), e);
            }
        });
        if (single != null) {
            merged.fallback(single);
        }
        config.handler(merged.build());
        return true;
    }
}
