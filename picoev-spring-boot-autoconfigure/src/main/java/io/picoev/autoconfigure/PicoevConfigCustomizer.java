package io.picoev.autoconfigure;

import io.picoev.Config;

/**
 * Adjusts the server's {@link Config} before it starts, after the {@code picoev.*} properties
 * and the handler beans are applied; like Boot's {@code WebServerFactoryCustomizer}. Beans of
 * this type run in {@code @Order}.
 */
@FunctionalInterface
public interface PicoevConfigCustomizer {

    /** Changes {@code config} in place. */
    void customize(Config.Builder config);
}
