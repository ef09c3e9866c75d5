package io.picoev.autoconfigure.accesslog;

import io.picoev.autoconfigure.PicoevAutoConfiguration;
import io.picoev.autoconfigure.PicoevHandlerWrapper;
import io.picoev.autoconfigure.PicoevProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The access log, when {@code picoev.accesslog.enabled=true}: wraps the application's handler
 * last, so the line shows what the client got from every other wrapper too.
 */
@AutoConfiguration(before = PicoevAutoConfiguration.class)
@ConditionalOnBooleanProperty("picoev.accesslog.enabled")
@EnableConfigurationProperties(PicoevProperties.class)
public final class PicoevAccessLogAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    AccessLog picoevAccessLog(PicoevProperties properties) {
        return new AccessLog(properties.getAccesslog().getQueueCapacity());
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    PicoevHandlerWrapper picoevAccessLogWrapper(AccessLog log) {
        return handler -> handler == null ? null : new AccessLogHandler(handler, log);
    }
}
