package io.picoev.autoconfigure.health;

import io.picoev.autoconfigure.PicoevAutoConfiguration;
import io.picoev.autoconfigure.PicoevWebServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** A health indicator for the picoev server, when Boot's health support is present. */
@AutoConfiguration(after = PicoevAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PicoevWebServer.class)
@ConditionalOnEnabledHealthIndicator("picoev")
public final class PicoevHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "picoevHealthIndicator")
    PicoevHealthIndicator picoevHealthIndicator(PicoevWebServer server) {
        return new PicoevHealthIndicator(server);
    }
}
