package io.picoev.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Cross-origin resource sharing rules, in the manner of Spring's {@code CorsConfiguration}:
 * which origins may call, with which methods and request headers, which response headers they
 * may read, whether with credentials, and how long a preflight answer may be cached.
 * {@link CorsHandler} applies them. {@code "*"} in a list allows any value; with
 * {@code allowCredentials} the origin is echoed instead of {@code *}, as the Fetch standard asks.
 *
 * @param allowedOrigins origins such as {@code https://app.example.com}, or {@code *}
 * @param allowedMethods methods, or {@code *}; Spring's default is {@code GET, HEAD, POST}
 * @param allowedHeaders request headers a preflight may ask for, or {@code *}
 * @param exposedHeaders response headers the caller's script may read
 * @param allowCredentials whether cookies and authorization may be sent
 * @param maxAge how long a browser may cache a preflight answer
 */
public record CorsConfig(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
        List<String> exposedHeaders, boolean allowCredentials, Duration maxAge) {

    /** Checks the rules: credentials with any origin ({@code *}) is an {@link IllegalArgumentException}, as in Spring. */
    public CorsConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = allowedMethods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
        allowedHeaders = List.copyOf(allowedHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
        if (allowCredentials && allowedOrigins.contains("*")) {
            throw new IllegalArgumentException("CORS: with allowCredentials, allowedOrigins cannot contain \"*\":"
                + " list the origins");
        }
    }

    /** Whether {@code origin} may call. */
    boolean allowsOrigin(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }

    /** Whether {@code method} may be used. */
    boolean allowsMethod(String method) {
        return allowedMethods.contains("*") || allowedMethods.contains(method)
            || method.equals("HEAD") && allowedMethods.contains("GET");
    }

    /** Whether every header of a comma-separated list may be sent. */
    boolean allowsHeaders(String list) {
        if (list == null || list.isBlank() || allowedHeaders.contains("*")) {
            return true;
        }
        for (String h : list.split(",")) {
            String name = h.strip();
            if (!name.isEmpty() && allowedHeaders.stream().noneMatch(a -> a.equalsIgnoreCase(name))) {
                return false;
            }
        }
        return true;
    }
}
