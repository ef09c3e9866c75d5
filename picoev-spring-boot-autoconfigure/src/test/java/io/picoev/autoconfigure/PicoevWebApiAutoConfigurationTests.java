package io.picoev.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.http.HttpStatusException;
import io.picoev.http.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** What a REST application gets from the starter: JSON with the app's JsonMapper, Boot-shaped errors, CORS, server.port. */
class PicoevWebApiAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PicoevAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("picoev.port=0", "picoev.host=127.0.0.1", "picoev.loops=1")
        .withUserConfiguration(Api.class);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A record Jackson reads and writes. */
    record Item(String name, int count) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Api {
        @Bean
        Routes api() {
            return Routes.builder()
                .post("/items", (req, res) -> {
                    Item item = req.bodyAs(Item.class);
                    res.send(201, new Item(item.name().toUpperCase(), item.count() + 1));
                })
                .get("/items/{id}", (req, res) -> {
                    throw new HttpStatusException(404, "no item " + req.pathVariable("id"));
                })
                .get("/boom", (req, res) -> {
                    throw new IllegalStateException("secret detail (a test exception)");
                })
                .build();
        }
    }

    @Test
    void jsonBodiesWithTheApplicationsJsonMapperAndMalformedJsonIs400() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(JacksonJsonCodec.class).hasSingleBean(JsonMapper.class);
            HttpResponse<String> ok = post(context, "/items", "{\"name\":\"pen\",\"count\":1}");
            assertThat(ok.statusCode()).isEqualTo(201);
            assertThat(ok.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(ok.body()).isEqualTo("{\"name\":\"PEN\",\"count\":2}");
            HttpResponse<String> bad = post(context, "/items", "{\"name\":");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("\"status\":400", "\"error\":\"Bad Request\"", "\"message\":\"malformed JSON request body\"",
                "\"path\":\"/items\"");
        });
    }

    @Test
    void errorsAreShapedLikeBootsAndLeakNoExceptionMessage() {
        runner.run(context -> {
            HttpResponse<String> missing = get(context, "/nope?x=1");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(missing.body()).matches("\\{\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+\",\"status\":404,"
                + "\"error\":\"Not Found\",\"path\":\"/nope\"}");
            assertThat(get(context, "/items/7").body()).contains("\"status\":404", "\"message\":\"no item 7\"");
            HttpResponse<String> boom = get(context, "/boom");
            assertThat(boom.statusCode()).isEqualTo(500);
            assertThat(boom.body()).contains("\"error\":\"Internal Server Error\"").doesNotContain("secret", "trace", "at io.");
        });
        runner.withPropertyValues("picoev.error.include-message=true", "picoev.error.include-stacktrace=true")
            .run(context -> assertThat(get(context, "/boom").body()).contains("\"message\":\"secret detail", "\"trace\":"));
    }

    @Test
    void problemDetailsWhenEnabled() {
        runner.withPropertyValues("picoev.problemdetails.enabled=true").run(context -> {
            HttpResponse<String> r = get(context, "/items/7");
            assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(r.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no item 7\",\"instance\":\"/items/7\"}");
        });
    }

    @Test
    void corsPropertiesAnswerPreflightAndAddHeaders() {
        runner.withPropertyValues("picoev.cors.allowed-origins=https://app.example", "picoev.cors.allowed-methods=GET,POST",
            "picoev.cors.exposed-headers=X-Total").run(context -> {
                HttpResponse<String> preflight = send(context, HttpRequest.newBuilder(uri(context, "/items"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                    .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type"));
                assertThat(preflight.statusCode()).isEqualTo(200);
                assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
                assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST");
                assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValue("content-type");
                assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue("1800");
                HttpResponse<String> actual = send(context, HttpRequest.newBuilder(uri(context, "/items/1"))
                    .header("Origin", "https://app.example"));
                assertThat(actual.statusCode()).isEqualTo(404);
                assertThat(actual.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
                assertThat(actual.headers().firstValue("access-control-expose-headers")).hasValue("X-Total");
                HttpResponse<String> stranger = send(context, HttpRequest.newBuilder(uri(context, "/items"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST"));
                assertThat(stranger.statusCode()).isEqualTo(403);
                assertThat(stranger.headers().firstValue("access-control-allow-origin")).isEmpty();
            });
        runner.run(context -> assertThat(send(context, HttpRequest.newBuilder(uri(context, "/items"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
            .header("Access-Control-Request-Method", "POST")).headers().firstValue("access-control-allow-origin")).isEmpty());
    }

    @Test
    void serverPortIsHonoredAndPublishedWhenPicoevIsTheOnlyWebServer() {
        runner.withPropertyValues("picoev.port=1", "server.port=0").run(context -> {
            int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            assertThat(port).isPositive().isEqualTo(context.getEnvironment().getRequiredProperty("local.picoev.port", Integer.class));
            assertThat(get(context, "/nope").statusCode()).isEqualTo(404);
        });
    }

    private HttpResponse<String> get(AssertableApplicationContext context, String path) throws Exception {
        return send(context, HttpRequest.newBuilder(uri(context, path)));
    }

    private HttpResponse<String> post(AssertableApplicationContext context, String path, String json) throws Exception {
        return send(context, HttpRequest.newBuilder(uri(context, path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(AssertableApplicationContext context, HttpRequest.Builder request) throws Exception {
        assertThat(context).hasNotFailed();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(AssertableApplicationContext context, String path) {
        int port = context.getEnvironment().getRequiredProperty("local.picoev.port", Integer.class);
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
