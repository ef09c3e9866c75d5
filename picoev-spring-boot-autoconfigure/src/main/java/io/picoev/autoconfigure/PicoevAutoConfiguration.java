package io.picoev.autoconfigure;

import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.RawHandler;
import io.picoev.http.ErrorHandler;
import io.picoev.http.RequestHandler;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Serves the application's handler beans with picoev: binds {@code picoev.*}, adapts the
 * handlers ({@link PicoevHandlers}), applies {@link PicoevConfigCustomizer}s, and runs the
 * server with the context's lifecycle. Every bean backs off when the application defines its
 * own; {@code picoev.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnClass(Picoev.class)
@ConditionalOnBooleanProperty(name = "picoev.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PicoevProperties.class)
public final class PicoevAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PicoevWebServer picoevWebServer(PicoevProperties properties, ListableBeanFactory beans,
            ObjectProvider<ErrorHandler> errorHandler, ObjectProvider<PicoevConfigCustomizer> customizers,
            ObjectProvider<PicoevHandlerWrapper> wrappers, ConfigurableEnvironment environment) {
        Config.Builder config = properties.toConfig();
        Map<String, RawHandler> raw = beans.getBeansOfType(RawHandler.class);
        boolean handled = PicoevHandlers.apply(config, beans.getBeansOfType(RequestHandler.class), raw);
        if (raw.isEmpty()) {
            RequestHandler handler = handled ? config.build().handler() : null;
            for (PicoevHandlerWrapper wrapper : wrappers.orderedStream().toList()) {
                handler = wrapper.wrap(handler);
            }
            if (handler != null) {
                config.handler(handler);
                handled = true;
            }
        }
        if (!handled) {
            return new PicoevWebServer(null, null);
        }
        errorHandler.ifAvailable(config::errorHandler);
        ExecutorService executor = null;
        if (raw.isEmpty() && onVirtualThreads(properties, environment)) {
            executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("picoev-handler-", 0).factory());
            config.executor(executor);
        }
        customizers.orderedStream().forEach(c -> c.customize(config));
        return new PicoevWebServer(config.build(), executor);
    }

    private static boolean onVirtualThreads(PicoevProperties properties, ConfigurableEnvironment environment) {
        return switch (properties.getDispatch()) {
            case VIRTUAL -> true;
            case LOOP -> false;
            case AUTO -> Threading.VIRTUAL.isActive(environment);
        };
    }

    @Bean
    @ConditionalOnMissingBean
    PicoevLifecycle picoevLifecycle(PicoevWebServer server, ConfigurableEnvironment environment,
            ApplicationEventPublisher events) {
        return new PicoevLifecycle(server, environment, events);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "picoev.shutdown", havingValue = "graceful", matchIfMissing = true)
    PicoevGracefulShutdownLifecycle picoevGracefulShutdownLifecycle(PicoevWebServer server) {
        return new PicoevGracefulShutdownLifecycle(server);
    }
}
