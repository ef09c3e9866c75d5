package io.picoev.autoconfigure.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.autoconfigure.PicoevAutoConfiguration;
import io.picoev.http.HttpStatusException;
import io.picoev.http.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The access log over real HTTP: what a client did shows up as one line in the named logger. */
@ExtendWith(OutputCaptureExtension.class)
class AccessLogTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PicoevAutoConfiguration.class, PicoevAccessLogAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues("picoev.port=0", "picoev.host=127.0.0.1", "picoev.loops=1");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void logsRemoteTimeRequestLineStatusBytesAndDuration(CapturedOutput output) {
        runner.withPropertyValues("picoev.accesslog.enabled=true").run(context -> {
            assertThat(get(context, "/hello?name=x")).isEqualTo(200);
            awaitLine(output, "\"GET /hello?name=x HTTP/1.1\"");
            assertThat(output.getOut()).containsPattern(
                "io\\.picoev\\.accesslog\\s*\\S* 127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\]"
                    + " \"GET /hello\\?name=x HTTP/1\\.1\" 200 11 \\d+ ms");
        });
    }

    @Test
    void logsNotFoundAndHandlerErrorsWithTheirStatus(CapturedOutput output) {
        runner.withPropertyValues("picoev.accesslog.enabled=true", "picoev.dispatch=virtual").run(context -> {
            assertThat(get(context, "/nowhere")).isEqualTo(404);
            assertThat(get(context, "/teapot")).isEqualTo(418);
            awaitLine(output, "\"GET /nowhere HTTP/1.1\" 404 ");
            awaitLine(output, "\"GET /teapot HTTP/1.1\" 418 - ");
        });
    }

    @Test
    void offByDefault(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(AccessLog.class);
            assertThat(get(context, "/hello")).isEqualTo(200);
            assertThat(output.getOut()).doesNotContain("\"GET /hello HTTP/1.1\"");
        });
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        try (AccessLog log = new AccessLog(1)) {
            for (int i = 0; i < 10_000; i++) {
                log.add(null, 0, "GET / HTTP/1.1", 200, 0, 0);
            }
            assertThat(log.dropped()).isPositive();
        }
    }

    private static void awaitLine(CapturedOutput output, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Supplier<Boolean> found = () -> output.getOut().contains(text);
        while (!found.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(output.getOut()).contains(text);
    }

    private int get(AssertableApplicationContext context, String path) throws Exception {
        String port = context.getEnvironment().getProperty("local.picoev.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Configuration(proxyBeanMethods = false)
    static class App {

        @Bean
        Routes routes() {
            return Routes.builder()
                .get("/hello", (req, res) -> res.send(200, "text/plain", "hello world"))
                .get("/teapot", (req, res) -> {
                    throw new HttpStatusException(418, "sorry");
                })
                .build();
        }
    }
}
