package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.autoconfigure.LocalPicoevPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Actuator's endpoints on the picoev port, through a real HTTP client. */
@SpringBootTest(properties = {"picoev.port=0", "management.endpoints.web.exposure.include=*",
    "management.endpoints.web.exposure.exclude=shutdown"})
class ActuatorTests {

    @LocalPicoevPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void healthWithItsProbeGroups() throws Exception {
        HttpResponse<String> r = get("/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/vnd.spring-boot.actuator.v3+json");
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"groups\":[\"liveness\",\"readiness\"]");
        assertThat(get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/nosuchgroup").statusCode()).isEqualTo(404);
    }

    @Test
    void healthInPlainJsonWhenAskedFor() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/actuator/health")).header("Accept", "application/json").build());
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).header("Accept", "image/png").build()).statusCode())
            .isEqualTo(406);
    }

    @Test
    void prometheusScrapeNegotiatesItsFormat() throws Exception {
        HttpResponse<String> text = get("/actuator/prometheus");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain;version=0.0.4"));
        assertThat(text.body()).contains("picoev_connections_open_connections");
        HttpResponse<String> open = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
            .header("Accept", "application/openmetrics-text;version=1.0.0").build());
        assertThat(open.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
        assertThat(open.body()).endsWith("# EOF\n");
    }

    @Test
    void metricByNameWithTags() throws Exception {
        HttpResponse<String> open = get("/actuator/metrics/picoev.connections.open");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("\"name\":\"picoev.connections.open\"").contains("\"statistic\":\"VALUE\"");
        assertThat(get("/actuator/metrics/picoev.errors?tag=kind:parse").body()).contains("\"name\":\"picoev.errors\"");
        assertThat(get("/actuator/metrics/picoev.errors?tag=kind:nosuchkind").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/metrics/picoev.errors?tag=nocolon").statusCode()).isEqualTo(400);
        assertThat(get("/actuator/metrics/no.such.meter").statusCode()).isEqualTo(404);
    }

    @Test
    void discoveryPageLinksEveryExposedEndpoint() throws Exception {
        String links = get("/actuator").body();
        assertThat(links).contains("\"_links\"").contains("\"self\":{\"href\":\"http://127.0.0.1:" + port + "/actuator\"")
            .contains("/actuator/health\"").contains("/actuator/prometheus\"").contains("/actuator/info\"")
            .contains("/actuator/metrics/{requiredMetricName}\"").contains("/actuator/probe/{name}\"")
            .doesNotContain("shutdown");
    }

    @Test
    void discoveryLinksUseTheTargetsAuthorityOrAbsolutePathsWithoutOne() throws Exception {
        // RFC 9112 §3.2.2: an absolute-form target's authority wins over Host
        assertThat(raw("GET http://example.com:81/actuator HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
            .contains("\"self\":{\"href\":\"http://example.com:81/actuator\"");
        // HTTP/1.0 without Host: no authority to name, so no "http://null"
        assertThat(raw("GET /actuator HTTP/1.0\r\n\r\n"))
            .contains("\"self\":{\"href\":\"/actuator\"").contains("\"href\":\"/actuator/health\"").doesNotContain("null");
    }

    private String raw(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void applicationEndpointsRunOffTheLoopWithSelectorsAndWrites() throws Exception {
        HttpResponse<String> r = get("/actuator/probe/x%20y?greeting=hi");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"x y\"").contains("\"greeting\":\"hi\"")
            .doesNotContain("picoev-loop").contains("\"virtual\":true");
        HttpResponse<String> written = send(HttpRequest.newBuilder(uri("/actuator/probe"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"42\"}")).build());
        assertThat(written.statusCode()).isEqualTo(200);
        assertThat(written.body()).isEqualTo("{\"written\":\"42\"}");
        assertThat(get("/actuator/probe").statusCode()).as("read without its selector").isEqualTo(405);
    }

    @Test
    void wrongMethodIs405UnknownEndpointIs404AndTheApplicationStillAnswers() throws Exception {
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/actuator/health")).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(get("/actuator/nope").statusCode()).isEqualTo(404);
        assertThat(get("/actuatorx").statusCode()).isEqualTo(404);
        assertThat(get("/plaintext").body()).isEqualTo("Hello, World!");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ProbeConfiguration {

        @Bean
        ProbeEndpoint probeEndpoint() {
            return new ProbeEndpoint();
        }
    }

    /** An application's own endpoint: a selector, a query argument, a write with a JSON body. */
    @Endpoint(id = "probe")
    static class ProbeEndpoint {

        @ReadOperation
        Map<String, Object> read(@Selector String name, String greeting) {
            Thread t = Thread.currentThread();
            return Map.of("name", name, "greeting", greeting, "thread", t.getName(), "virtual", t.isVirtual());
        }

        @WriteOperation
        Map<String, String> write(String value) {
            return Map.of("written", value);
        }
    }
}
