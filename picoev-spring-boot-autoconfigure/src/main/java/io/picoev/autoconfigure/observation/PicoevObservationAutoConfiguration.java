package io.picoev.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.picoev.autoconfigure.PicoevAutoConfiguration;
import io.picoev.autoconfigure.PicoevConfigCustomizer;
import io.picoev.http.RequestHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes requests as {@code http.server.requests} when an {@link ObservationRegistry} with
 * handlers exists (Actuator's registers the meter handler), unless
 * {@code picoev.observations.enabled=false}. A registry without handlers costs nothing: the
 * handler is not wrapped.
 */
@AutoConfiguration(before = PicoevAutoConfiguration.class,
    afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "picoev.observations.enabled", matchIfMissing = true)
public final class PicoevObservationAutoConfiguration {

    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean(name = "picoevObservationCustomizer")
    PicoevConfigCustomizer picoevObservationCustomizer(ObservationRegistry registry) {
        return config -> {
            RequestHandler handler = config.build().handler();
            if (handler != null && !registry.isNoop()) {
                config.handler(new ObservedRequestHandler(handler, registry));
            }
        };
    }
}
