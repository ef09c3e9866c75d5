package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.autoconfigure.LocalPicoevPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** {@code management.server.port}: a second picoev server with the endpoints only. */
@SpringBootTest(properties = {"picoev.port=0", "management.server.port=0",
    "management.endpoints.web.exposure.include=health,prometheus,metrics"})
class ManagementPortTests {

    @LocalPicoevPort
    int port;

    @Value("${local.management.port}")
    int managementPort;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void endpointsAnswerOnTheManagementPortOnly() throws Exception {
        assertThat(managementPort).isPositive().isNotEqualTo(port);
        assertThat(get(managementPort, "/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/prometheus").body()).contains("picoev_connections_open_connections");
        assertThat(get(managementPort, "/actuator/metrics/picoev.connections.open").body())
            .contains("\"name\":\"picoev.connections.open\"");
        assertThat(get(managementPort, "/plaintext").statusCode()).as("no application routes there").isEqualTo(404);
        assertThat(get(port, "/actuator/health").statusCode()).as("no endpoints on the server port").isEqualTo(404);
        assertThat(get(port, "/plaintext").body()).isEqualTo("Hello, World!");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
