package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The users API over real HTTP, in a test written as for any Spring Boot web application: RANDOM_PORT and @LocalServerPort. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"picoev.observations.enabled=true", "picoev.loops=1"})
class UsersApiTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void createReadAndListUsersAsJson() throws Exception {
        HttpResponse<String> created = post("/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(created.body()).matches("\\{\"id\":\\d+,\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
        String location = created.headers().firstValue("location").orElseThrow();
        assertThat(get(location).body()).isEqualTo(created.body());
        post("/users", "{\"name\":\"Grace\"}");
        assertThat(get("/users?limit=1").body()).startsWith("[{\"id\":").doesNotContain("},{");
        assertThat(get("/users").body()).contains("Ada", "Grace");
        assertThat(get("/us%65rs?limit=1").statusCode()).as("percent-decoded path").isEqualTo(200);
    }

    @Test
    void errorsAreJsonShapedLikeBoots() throws Exception {
        HttpResponse<String> missing = get("/users/999999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"status\":404", "\"error\":\"Not Found\"", "\"message\":\"no user 999999\"",
            "\"path\":\"/users/999999\"");
        assertThat(get("/users?limit=ten").body()).contains("\"status\":400", "query parameter 'limit' must be an int");
        assertThat(get("/users/abc").body()).contains("\"status\":400", "path variable 'id' must be a long");
        assertThat(post("/users", "{\"name\":").body()).contains("\"status\":400", "malformed JSON request body");
        assertThat(post("/users", "{\"email\":\"x@example.com\"}").body()).contains("name is required");
        HttpResponse<String> failed = get("/users/fail");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("\"error\":\"Internal Server Error\"").doesNotContain("store is down");
        assertThat(get("/nowhere").body()).contains("\"status\":404", "\"path\":\"/nowhere\"");
    }

    @Test
    void theSlowRouteRunsOnAVirtualThreadWhileTheOthersAnswer() throws Exception {
        double before = requests(); // every scrape counts itself too
        CompletableFuture<HttpResponse<String>> report = http.sendAsync(
            HttpRequest.newBuilder(uri("/users/report?ms=3000")).build(), HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> requests() >= before + 2); // the report has started
        assertThat(get("/users").statusCode()).isEqualTo(200);
        assertThat(report).as("the report is still sleeping while /users was answered").isNotDone();
        assertThat(report.get().body()).matches("\\{\"users\":\\d+,\"tookMillis\":\\d+}");
    }

    @Test
    void aRoutesBeanInjectingHealthEndpointIsServed() throws Exception {
        assertThat(get("/status").body()).contains("\"status\":\"UP\"");
    }

    @Test
    void theUriTagIsTheRoutePattern() throws Exception {
        get("/users/424242");
        assertThat(get("/metrics").body()).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/users/\\{id}\"");
    }

    private double requests() throws Exception {
        Matcher m = Pattern.compile("(?m)^picoev_requests_total (\\S+)$").matcher(get("/metrics").body());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
