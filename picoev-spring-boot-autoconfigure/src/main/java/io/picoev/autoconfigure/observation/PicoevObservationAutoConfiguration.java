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
 * Observes requests as {@code http.server.requests} when {@code picoev.observations.enabled} is
 * true and an {@link ObservationRegistry} exists. Off by default: it costs an allocation or more
 * per request, which the plaintext path otherwise does not make.
 */
@AutoConfiguration(before = PicoevAutoConfiguration.class,
    afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBooleanProperty("picoev.observations.enabled")
public final class PicoevObservationAutoConfiguration {

    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean(name = "picoevObservationCustomizer")
    PicoevConfigCustomizer picoevObservationCustomizer(ObservationRegistry registry) {
        return config -> {
            RequestHandler handler = config.build().handler();
            if (handler != null) {
                config.handler(new ObservedRequestHandler(handler, registry));
            }
        };
    }
}
