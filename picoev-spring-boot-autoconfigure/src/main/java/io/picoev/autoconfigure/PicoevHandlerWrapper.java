package io.picoev.autoconfigure;

import io.picoev.http.RequestHandler;
import org.jspecify.annotations.Nullable;

/**
 * Puts a handler in front of the one made from the application's handler beans, such as
 * Actuator's endpoints on the server port. Wrappers apply in {@code @Order}, before the
 * {@link PicoevConfigCustomizer}s; not in raw mode.
 */
@FunctionalInterface
public interface PicoevHandlerWrapper {

    /**
     * The handler to serve every request with; {@code handler} is the application's, or
     * {@code null} when it declares none (the server starts only if this returns one).
     */
    @Nullable RequestHandler wrap(@Nullable RequestHandler handler);
}
