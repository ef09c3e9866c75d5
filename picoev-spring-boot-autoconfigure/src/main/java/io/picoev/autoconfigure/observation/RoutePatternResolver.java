package io.picoev.autoconfigure.observation;

import io.picoev.http.Request;
import org.jspecify.annotations.Nullable;

/**
 * A handler that knows which route pattern a request matched ({@code /actuator/health/{*path}}),
 * for the {@code uri} key of {@code http.server.requests}: bounded, never the raw path.
 */
public interface RoutePatternResolver {

    /** The pattern {@code request} matched, or {@code null} when none did. */
    @Nullable String routePattern(Request request);
}
