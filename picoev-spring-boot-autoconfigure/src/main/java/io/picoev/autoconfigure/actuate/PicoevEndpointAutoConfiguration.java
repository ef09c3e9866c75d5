package io.picoev.autoconfigure.actuate;

import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.autoconfigure.PicoevAutoConfiguration;
import io.picoev.autoconfigure.PicoevGracefulShutdownLifecycle;
import io.picoev.autoconfigure.PicoevHandlerWrapper;
import io.picoev.autoconfigure.PicoevProperties;
import io.picoev.autoconfigure.PicoevWebServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.ParameterValueMapper;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMapper;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointProperties;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves Actuator's web endpoints with picoev when picoev is the application's web server (no
 * servlet or reactive web application: with Tomcat, Jetty or Reactor Netty present, Boot's own
 * server keeps them and this backs off). It sets up what Boot's {@code WebEndpointAutoConfiguration}
 * does for its servers (the discoverer with the exposure and access filters, the health web
 * extension) and serves the endpoints under {@code management.endpoints.web.base-path}: on
 * {@code picoev.port} in front of the application's handlers, or, when
 * {@code management.server.port} differs, on a second picoev server of their own.
 */
@AutoConfiguration(after = {EndpointAutoConfiguration.class, PicoevAutoConfiguration.class}, afterName = {
    "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration",
    "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnClass({Picoev.class, WebEndpointDiscoverer.class, JsonMapper.class})
@ConditionalOnNotWebApplication
@ConditionalOnBooleanProperty(name = "picoev.enabled", matchIfMissing = true)
@Conditional(ManagementPort.Enabled.class)
@EnableConfigurationProperties(WebEndpointProperties.class)
public final class PicoevEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EndpointMediaTypes endpointMediaTypes() {
        return EndpointMediaTypes.DEFAULT;
    }

    @Bean
    @ConditionalOnMissingBean(WebEndpointsSupplier.class)
    WebEndpointDiscoverer webEndpointDiscoverer(ApplicationContext context, WebEndpointProperties properties,
            ParameterValueMapper parameterValueMapper, EndpointMediaTypes mediaTypes,
            ObjectProvider<AdditionalPathsMapper> additionalPathsMappers,
            ObjectProvider<OperationInvokerAdvisor> invokerAdvisors,
            ObjectProvider<EndpointFilter<ExposableWebEndpoint>> endpointFilters,
            ObjectProvider<OperationFilter<WebOperation>> operationFilters) {
        Map<String, String> mapping = properties.getPathMapping();
        PathMapper pathMapper = id -> {
            String path = mapping.get(id.toString());
            return StringUtils.hasText(path) ? path : null;
        };
        return new WebEndpointDiscoverer(context, parameterValueMapper, mediaTypes, List.of(pathMapper),
            additionalPathsMappers.orderedStream().toList(), invokerAdvisors.orderedStream().toList(),
            endpointFilters.orderedStream().toList(), operationFilters.orderedStream().toList());
    }

    @Bean
    IncludeExcludeEndpointFilter<ExposableWebEndpoint> webExposeExcludePropertyEndpointFilter(
            WebEndpointProperties properties) {
        WebEndpointProperties.Exposure exposure = properties.getExposure();
        return new IncludeExcludeEndpointFilter<>(ExposableWebEndpoint.class, exposure.getInclude(),
            exposure.getExclude(), EndpointExposure.WEB.getDefaultIncludes());
    }

    @Bean
    OperationFilter<WebOperation> webAccessPropertiesOperationFilter(EndpointAccessResolver accessResolver) {
        return OperationFilter.byAccess(accessResolver);
    }

    @Bean
    @ConditionalOnMissingBean
    PicoevEndpoints picoevEndpoints(WebEndpointsSupplier endpoints, WebEndpointProperties properties,
            EndpointMediaTypes mediaTypes, ObjectProvider<JsonMapper> json, ObjectProvider<EndpointJsonMapper> endpointJson,
            Environment environment) {
        String basePath = properties.getBasePath();
        boolean different = ManagementPort.type(environment) == ManagementPortType.DIFFERENT;
        boolean links = properties.getDiscovery().isEnabled() && (StringUtils.hasText(basePath) || different);
        Executor executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("picoev-actuator-", 0).factory());
        return new PicoevEndpoints(new PicoevEndpointHandler(new EndpointMapping(basePath), endpoints::getEndpoints,
            mediaTypes, links,
            different ? WebServerNamespace.MANAGEMENT : WebServerNamespace.SERVER,
            json.getIfAvailable(() -> JsonMapper.builder().build()), endpointJson.getIfAvailable(), executor, null));
    }

    /** The endpoints on the server port, in front of the application's handlers. */
    @Bean
    PicoevHandlerWrapper picoevEndpointHandlerWrapper(PicoevEndpoints endpoints, Environment environment) {
        boolean same = ManagementPort.type(environment) == ManagementPortType.SAME;
        return handler -> same ? endpoints.handler(handler) : handler;
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(ManagementPort.Different.class)
    static class ManagementServerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PicoevManagementServer picoevManagementServer(PicoevProperties properties, PicoevEndpoints endpoints,
                ConfigurableEnvironment environment) {
            Config.Builder config = properties.toConfig()
                .port(environment.getProperty("management.server.port", Integer.class, 0))
                .loops(1)
                .handler(endpoints.handler(null))
                .executor(endpoints.executor());
            String address = environment.getProperty("management.server.address");
            if (address != null) {
                config.host(address);
            }
            return new PicoevManagementServer(new PicoevWebServer(config.build(), null), environment);
        }

        @Bean
        @ConditionalOnProperty(name = "picoev.shutdown", havingValue = "graceful", matchIfMissing = true)
        PicoevGracefulShutdownLifecycle picoevManagementGracefulShutdownLifecycle(PicoevManagementServer server) {
            return new PicoevGracefulShutdownLifecycle(server.getWebServer());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthEndpoint.class)
    @ConditionalOnBean(HealthEndpoint.class)
    @ConditionalOnAvailableEndpoint(endpoint = HealthEndpoint.class, exposure = EndpointExposure.WEB)
    static class HealthWebExtensionConfiguration {

        /** What Boot's {@code HealthEndpointWebExtensionConfiguration} defines for servlet applications. */
        @Bean
        @ConditionalOnMissingBean
        HealthEndpointWebExtension healthEndpointWebExtension(HealthContributorRegistry registry,
                ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry, HealthEndpointGroups groups,
                HealthEndpointProperties properties) {
            return new HealthEndpointWebExtension(registry, reactiveRegistry.getIfAvailable(), groups,
                properties.getLogging().getSlowIndicatorThreshold());
        }
    }
}
