package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.autoconfigure.LocalPicoevPort;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The sample app on a free port, through a real HTTP client. */
@SpringBootTest(properties = {"picoev.port=0", "picoev.timeout=1"})
class SampleApplicationTests {

    @LocalPicoevPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void plaintext() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/plaintext")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Hello, World!");
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain");
    }

    @Test
    void json() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/json")).build());
        assertThat(r.body()).isEqualTo("{\"message\":\"Hello, World!\"}");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void echoKeepsTheContentType() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/echo")).header("Content-Type", "text/x-sample")
            .POST(HttpRequest.BodyPublishers.ofString("echo me")).build());
        assertThat(r.body()).isEqualTo("echo me");
        assertThat(r.headers().firstValue("content-type")).hasValue("text/x-sample");
    }

    @Test
    void metricsMoveWithRealTrafficAndARealTimeout() throws Exception {
        double requests = metric("picoev_requests_total");
        double timeouts = metric("picoev_connections_timeouts_connections_total");
        for (int i = 0; i < 5; i++) {
            send(HttpRequest.newBuilder(uri("/plaintext")).build());
        }
        assertThat(metric("picoev_requests_total")).isGreaterThanOrEqualTo(requests + 5);
        assertThat(metric("picoev_bytes_written_bytes_total")).isPositive();
        assertThat(metric("picoev_connections_open_connections")).isPositive();
        try (Socket idle = new Socket("127.0.0.1", port)) {
            idle.setSoTimeout(10_000);
            assertThat(idle.getInputStream().read()).as("closed by picoev.timeout=1").isEqualTo(-1);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(metric("picoev_connections_timeouts_connections_total")).isGreaterThanOrEqualTo(timeouts + 1));
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/nope")).build()).statusCode()).isEqualTo(404);
    }

    /** The sum of a meter's samples in the scrape (a per-loop meter has one per {@code loop} label). */
    private double metric(String name) throws Exception {
        String scrape = send(HttpRequest.newBuilder(uri("/metrics")).build()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        double sum = 0;
        int samples = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
            samples++;
        }
        assertThat(samples).as(name + " in the scrape").isPositive();
        return sum;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
