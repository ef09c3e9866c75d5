package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.picoev.LoopStats;
import io.picoev.autoconfigure.LocalPicoevPort;
import io.picoev.autoconfigure.PicoevWebServer;
import java.util.List;
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

    @Autowired
    PicoevWebServer server;

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
        List<LoopStats> loops = server.getPicoev().loopStats();
        assertThat(accepted("0")).as("tag 0 is loop 0's own count").isEqualTo(loops.get(0).accepted());
        assertThat(accepted("1")).as("tag 1 is loop 1's own count").isEqualTo(loops.get(1).accepted());
        assertThat(registry.get("picoev.connections.open").gauges()).as("one per loop").hasSize(2);
    }

    @Test
    void openPerLoopCountsAHeldConnectionOnTheLoopThatHasIt() throws Exception {
        List<LoopStats> loops = server.getPicoev().loopStats();
        try (Socket held = new Socket("127.0.0.1", port)) {
            held.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            held.getInputStream().read(); // answered: the connection is open on a loop
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> openOnAllLoops() >= 1);
            for (int i = 0; i < 2; i++) {
                assertThat(open(Integer.toString(i))).as("tag %d is loop %d's own gauge", i, i)
                    .isEqualTo(loops.get(i).openConnections());
            }
        }
    }

    private double open(String loop) {
        return registry.get("picoev.connections.open").tag("loop", loop).gauge().value();
    }

    private double openOnAllLoops() {
        return registry.get("picoev.connections.open").gauges().stream().mapToDouble(Gauge::value).sum();
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
