package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.picoev.autoconfigure.LocalPicoevPort;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The per-loop connection meters ({@code loop} tag), as Boot binds them: before the server
 * starts, so they are added when it does. What {@code benchmarks/listener-modes.sh} reads for
 * the accept spread.
 */
@SpringBootTest(properties = {"picoev.port=0", "picoev.loops=2"})
class LoopMetricsTests {

    private static final byte[] CLOSE_REQUEST = "GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);

    @LocalPicoevPort
    int port;

    @Autowired
    MeterRegistry registry;

    private double accepted(String loop) {
        return registry.get("picoev.connections.accepted").tag("loop", loop).functionCounter().count();
    }

    private double acceptedOnAllLoops() {
        return registry.get("picoev.connections.accepted").functionCounters().stream()
            .mapToDouble(FunctionCounter::count).sum();
    }

    @Test
    void acceptedPerLoopAddsUpToTheConnectionsMade() throws Exception {
        assertThat(registry.get("picoev.connections.accepted").functionCounters()).as("one per loop").hasSize(2);
        double before = acceptedOnAllLoops();
        int n = 40;
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(CLOSE_REQUEST);
                InputStream in = s.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 OK");
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acceptedOnAllLoops() - before == n);
        assertThat(accepted("0") + accepted("1")).isEqualTo(before + n);
        assertThat(registry.get("picoev.connections.open").gauges()).as("one per loop").hasSize(2);
    }

    @Test
    void actuatorReadsOneLoopByItsTag() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> one = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/metrics/picoev.connections.accepted?tag=loop:1")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"name\":\"picoev.connections.accepted\"").contains("\"statistic\":\"COUNT\"");
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.body()).containsPattern("picoev_connections_accepted_connections_total\\{[^}]*loop=\"0\"")
            .containsPattern("picoev_connections_accepted_connections_total\\{[^}]*loop=\"1\"");
    }
}
