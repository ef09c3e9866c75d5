package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.autoconfigure.health.PicoevHealthIndicator;
import io.picoev.http.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** As the graceful stop begins, readiness refuses traffic and the picoev health says the loops are draining. */
class ReadinessTests {

    static final CountDownLatch slowStarted = new CountDownLatch(1);

    @Configuration(proxyBeanMethods = false)
    static class SlowRoute {
        @Bean
        Routes slowRoutes() {
            return Routes.builder().get("/slow", (req, res) -> {
                slowStarted.countDown();
                Thread.sleep(Long.parseLong(req.query()));
                res.send(200, "text/plain", "slept " + req.query());
            }).build();
        }
    }

    @Test
    void readinessRefusesTrafficAndHealthReportsDrainingWhileRequestsFinish() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class, SlowRoute.class)
            .run("--picoev.port=0", "--picoev.loops=1", "--spring.threads.virtual.enabled=true",
                "--spring.lifecycle.timeout-per-shutdown-phase=20s", "--management.endpoint.health.show-details=always");
        int port = context.getEnvironment().getRequiredProperty("local.picoev.port", Integer.class);
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        PicoevHealthIndicator health = context.getBean(PicoevHealthIndicator.class);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow?3000")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            Health h = health.health(true);
            assertThat(h.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(h.getDetails()).containsEntry("loop-0", "draining");
        });
        assertThat(slow).as("still in flight while draining").isNotDone();
        assertThat(slow.get(20, TimeUnit.SECONDS).body()).isEqualTo("slept 3000");
        closing.get(20, TimeUnit.SECONDS);
        http.close();
    }

}
