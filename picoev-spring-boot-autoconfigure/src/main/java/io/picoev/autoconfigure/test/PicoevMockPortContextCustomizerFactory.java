package io.picoev.autoconfigure.test;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Keeps a {@code @SpringBootTest} in the default {@code MOCK} web environment off the port the
 * application configures: Boot starts no real server there, but picoev would bind
 * {@code picoev.port} (8080 from {@code application.yml}) and fail while the application runs.
 * Adds {@code picoev.port=0} and {@code server.port=0} below the test's own properties, so a test
 * that sets a port keeps it. {@code RANDOM_PORT} needs nothing: Boot sets {@code server.port=0},
 * which picoev honors as the only web server.
 */
class PicoevMockPortContextCustomizerFactory implements ContextCustomizerFactory {

    private static final String SPRING_BOOT_TEST = "org.springframework.boot.test.context.SpringBootTest";

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        MergedAnnotation<?> test = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY).get(SPRING_BOOT_TEST);
        if (!test.isPresent() || !test.getValue("webEnvironment").map(e -> ((Enum<?>) e).name().equals("MOCK")).orElse(false)) {
            return null;
        }
        return new FreePort();
    }

    /** Adds the free-port properties; all instances are equal, so test contexts stay cached. */
    private static final class FreePort implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource ports = new MapPropertySource("picoevMockWebEnvironment",
                Map.of("picoev.port", 0, "server.port", 0));
            String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
            if (sources.contains(inlined)) {
                sources.addAfter(inlined, ports);
            } else {
                sources.addFirst(ports);
            }
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof FreePort;
        }

        @Override
        public int hashCode() {
            return FreePort.class.hashCode();
        }
    }
}
