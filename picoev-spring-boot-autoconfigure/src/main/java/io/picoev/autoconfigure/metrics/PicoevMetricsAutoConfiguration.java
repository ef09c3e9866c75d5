package io.picoev.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.picoev.autoconfigure.PicoevAutoConfiguration;
import io.picoev.autoconfigure.PicoevWebServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** picoev's meters, when Micrometer is on the classpath and a registry and a server are defined. */
@AutoConfiguration(after = PicoevAutoConfiguration.class,
    afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, PicoevWebServer.class})
public final class PicoevMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PicoevMetrics picoevMetrics(PicoevWebServer server) {
        return new PicoevMetrics(server);
    }
}
