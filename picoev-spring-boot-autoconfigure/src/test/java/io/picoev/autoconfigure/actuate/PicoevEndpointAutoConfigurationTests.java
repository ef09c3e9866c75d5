package io.picoev.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.autoconfigure.PicoevAutoConfiguration;
import io.picoev.autoconfigure.PicoevHandlerWrapper;
import io.picoev.http.RequestHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PicoevEndpointAutoConfigurationTests {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(EndpointAutoConfiguration.class,
        PicoevAutoConfiguration.class, PicoevEndpointAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withUserConfiguration(Handler.class)
        .withPropertyValues("picoev.port=0");

    @Test
    void endpointsServedByPicoevWhenItIsTheWebServer() {
        runner.run(context -> assertThat(context).hasSingleBean(PicoevEndpoints.class)
            .hasSingleBean(WebEndpointsSupplier.class).hasSingleBean(PicoevHandlerWrapper.class)
            .doesNotHaveBean(PicoevManagementServer.class));
    }

    @Test
    void backsOffInAServletApplicationWhoseOwnServerServesActuator() {
        new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS).withUserConfiguration(Handler.class)
            .withPropertyValues("picoev.port=0")
            .run(context -> assertThat(context).doesNotHaveBean(PicoevEndpoints.class)
                .doesNotHaveBean(PicoevHandlerWrapper.class));
    }

    @Test
    void aDifferentManagementPortGetsAServerOfItsOwn() {
        runner.withPropertyValues("management.server.port=0")
            .run(context -> assertThat(context).hasSingleBean(PicoevManagementServer.class));
        runner.withPropertyValues("picoev.port=9000", "management.server.port=9000")
            .run(context -> assertThat(context).doesNotHaveBean(PicoevManagementServer.class));
    }

    @Test
    void aNegativeManagementPortTurnsTheEndpointsOff() {
        runner.withPropertyValues("management.server.port=-1")
            .run(context -> assertThat(context).doesNotHaveBean(PicoevEndpoints.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Handler {

        @Bean
        RequestHandler handler() {
            return (req, res) -> res.send(200, "text/plain", "ok");
        }
    }
}
