package io.picoev.autoconfigure.actuate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;

/**
 * One web operation at its path under the base path: literal segments, {@code {name}} (one
 * segment) and a last {@code {*name}} (the remaining segments, one or more), as Actuator's
 * {@link WebOperationRequestPredicate} states them. Jersey and MVC match the same templates.
 */
final class EndpointRoute {

    final WebOperation operation;
    final String method;
    private final String[] template;
    private final @Nullable String remaining;

    EndpointRoute(EndpointMapping mapping, WebOperation operation) {
        WebOperationRequestPredicate predicate = operation.getRequestPredicate();
        this.operation = operation;
        this.method = predicate.getHttpMethod().name();
        this.template = segments(mapping.createSubPath(predicate.getPath()));
        this.remaining = predicate.getMatchAllRemainingPathSegmentsVariable();
    }

    /** Whether the template has variables (routes without them are tried first). */
    boolean hasVariables() {
        return Arrays.stream(template).anyMatch(s -> s.startsWith("{"));
    }

    /**
     * The path variables when {@code path} (decoded segments) matches, or {@code null}:
     * {@code {name}} as a {@code String}, {@code {*name}} as a {@code String[]}.
     */
    @Nullable Map<String, Object> match(String[] path) {
        int n = template.length;
        boolean rest = remaining != null;
        if (rest ? path.length < n : path.length != n) {
            return null;
        }
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String t = template[i];
            if (rest && i == n - 1) {
                variables.put(remaining, Arrays.copyOfRange(path, i, path.length));
            } else if (t.startsWith("{") && t.endsWith("}")) {
                variables.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return variables;
    }

    /** The non-empty segments of {@code path}: {@code /actuator/health/} is {@code [actuator, health]}. */
    static String[] segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /** The path template, for the {@code uri} of {@code http.server.requests}. */
    String pattern() {
        return "/" + String.join("/", template);
    }

    @Override
    public String toString() {
        return method + " " + pattern();
    }
}
