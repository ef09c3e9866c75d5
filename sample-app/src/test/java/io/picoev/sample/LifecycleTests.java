package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.http.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The whole application started and stopped for real, on virtual threads. */
class LifecycleTests {

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

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void blockingHandlerOnVirtualThreadsLeavesTheLoopFreeAndShutdownFinishesIt() throws Exception {
        // command-line arguments: SpringApplicationBuilder.properties() are defaults, below application.yml
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class, SlowRoute.class)
            .run("--picoev.port=0", "--picoev.loops=1", "--spring.threads.virtual.enabled=true",
                "--spring.lifecycle.timeout-per-shutdown-phase=10s");
        assertThat(context.getEnvironment().getProperty("local.picoev.port", Integer.class)).isNotEqualTo(8080);
        int port = context.getEnvironment().getRequiredProperty("local.picoev.port", Integer.class);
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow?1500")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // the one loop keeps answering while a handler blocks on a virtual thread
        HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = other.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/plaintext")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("Hello, World!");
        }
        assertThat(slow).isNotDone();

        // graceful shutdown: the request in flight still gets its answer
        long start = System.nanoTime();
        context.close();
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("slept 1500");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        other.close();
    }
}
