package io.picoev.autoconfigure;

import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.RawHandler;
import io.picoev.http.CorsConfig;
import io.picoev.http.CorsHandler;
import io.picoev.http.ErrorHandler;
import io.picoev.http.JsonCodec;
import io.picoev.http.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the application's handler beans with picoev: binds {@code picoev.*}, adapts the
 * handlers ({@link PicoevHandlers}), applies CORS, the JSON codec, the error handler and
 * {@link PicoevConfigCustomizer}s, and runs the server with the context's lifecycle. Handler
 * beans are collected when the server starts, after every singleton exists. Every bean backs
 * off when the application defines its own; {@code picoev.enabled=false} turns it all off.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(Picoev.class)
@ConditionalOnBooleanProperty(name = "picoev.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PicoevProperties.class)
public final class PicoevAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PicoevWebServer picoevWebServer(PicoevProperties properties, ListableBeanFactory beans,
            ObjectProvider<ErrorHandler> errorHandler, ObjectProvider<JsonCodec> jsonCodec,
            ObjectProvider<CorsConfig> cors, ObjectProvider<PicoevConfigCustomizer> customizers,
            ObjectProvider<PicoevHandlerWrapper> wrappers, ConfigurableEnvironment environment, ApplicationContext context) {
        ExecutorService executor = onVirtualThreads(properties, environment)
            ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("picoev-handler-", 0).factory()) : null;
        return new PicoevWebServer(() -> {
            Config.Builder config = properties.toConfig();
            PicoevServerPort.apply(config, environment, context);
            Map<String, RawHandler> raw = beansOfType(beans, RawHandler.class);
            boolean handled = PicoevHandlers.apply(config, beansOfType(beans, RequestHandler.class), raw);
            if (raw.isEmpty()) {
                RequestHandler handler = handled ? config.build().handler() : null;
                for (PicoevHandlerWrapper wrapper : wrappers.orderedStream().toList()) {
                    handler = wrapper.wrap(handler);
                }
                if (handler != null) {
                    CorsConfig corsConfig = cors.getIfAvailable();
                    config.handler(corsConfig == null ? handler : new CorsHandler(corsConfig, handler));
                    handled = true;
                }
                if (executor != null) {
                    config.executor(executor);
                }
            }
            if (!handled) {
                return null;
            }
            errorHandler.ifAvailable(config::errorHandler);
            jsonCodec.ifAvailable(config::jsonCodec);
            customizers.orderedStream().forEach(c -> c.customize(config));
            return config.build();
        }, executor);
    }

    /** Every bean of {@code type}, created now if need be: one that cannot be made fails startup, never drops out. */
    private static <T> Map<String, T> beansOfType(ListableBeanFactory beans, Class<T> type) {
        Map<String, T> found = new LinkedHashMap<>();
        for (String name : beans.getBeanNamesForType(type)) {
            found.put(name, beans.getBean(name, type));
        }
        return found;
    }

    private static boolean onVirtualThreads(PicoevProperties properties, ConfigurableEnvironment environment) {
        return switch (properties.getDispatch()) {
            case VIRTUAL -> true;
            case LOOP -> false;
            case AUTO -> Threading.VIRTUAL.isActive(environment);
        };
    }

    @Bean
    @ConditionalOnMissingBean(ErrorHandler.class)
    PicoevErrorHandler picoevErrorHandler(PicoevProperties properties) {
        return new PicoevErrorHandler(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "picoev.cors.allowed-origins")
    CorsConfig picoevCorsConfig(PicoevProperties properties) {
        return properties.getCors().toCorsConfig();
    }

    @Bean
    @ConditionalOnMissingBean
    PicoevLifecycle picoevLifecycle(PicoevWebServer server, ConfigurableEnvironment environment,
            ApplicationEventPublisher events, ApplicationContext context) {
        return new PicoevLifecycle(server, environment, events, PicoevServerPort.isOnlyWebServer(context));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "picoev.shutdown", havingValue = "graceful", matchIfMissing = true)
    PicoevGracefulShutdownLifecycle picoevGracefulShutdownLifecycle(PicoevWebServer server) {
        return new PicoevGracefulShutdownLifecycle(server);
    }

    /** {@code req.bodyAs(..)} and {@code res.json(..)} with the application's Jackson {@code JsonMapper}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonCodecConfiguration {

        @Bean
        @ConditionalOnMissingBean(JsonCodec.class)
        @ConditionalOnBean(JsonMapper.class)
        JacksonJsonCodec picoevJsonCodec(JsonMapper mapper) {
            return new JacksonJsonCodec(mapper);
        }
    }
}
