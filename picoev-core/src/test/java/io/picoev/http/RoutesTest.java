package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private final Routes routes = Routes.builder()
        .get("/plaintext", (q, r) -> r.send(200, "text/plain", "plain"))
        .post("/echo", (q, r) -> r.send(200, "text/plain", q.body()))
        .put("/echo", (q, r) -> r.send(201, "text/plain", "put"))
        .build();

    @Test
    void routesByExactPathAndMethodIgnoringTheQuery() throws Exception {
        assertThat(call(routes, "GET /plaintext?x=1 HTTP/1.1")).startsWith("HTTP/1.1 200 OK").endsWith("plain");
        assertThat(call(routes, "PUT /echo HTTP/1.1")).startsWith("HTTP/1.1 201");
        assertThat(call(routes, "GET /plaintext/ HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(call(routes, "GET /PLAINTEXT HTTP/1.1")).startsWith("HTTP/1.1 404");
    }

    @Test
    void knownPathWithAnotherMethodIs405WithAllow() throws Exception {
        assertThat(call(routes, "DELETE /echo HTTP/1.1")).startsWith("HTTP/1.1 405").contains("Allow: POST, PUT\r\n");
        assertThat(call(routes, "POST /plaintext HTTP/1.1")).contains("Allow: GET, HEAD\r\n");
    }

    @Test
    void headIsServedByGet() throws Exception {
        assertThat(call(routes, "HEAD /plaintext HTTP/1.1")).startsWith("HTTP/1.1 200").contains("Content-Length: 5");
    }

    @Test
    void fallbackTakesUnknownPaths() throws Exception {
        Routes withFallback = Routes.builder().add(routes).fallback((q, r) -> r.send(200, "text/plain", "fallback")).build();
        assertThat(call(withFallback, "GET /other HTTP/1.1")).endsWith("fallback");
        assertThat(withFallback.pattern(request("GET /echo?a HTTP/1.1"))).isEqualTo("/echo");
        assertThat(withFallback.pattern(request("GET /other HTTP/1.1"))).isNull();
    }

    @Test
    void manyRoutesAllFound() throws Exception {
        Routes.Builder b = Routes.builder();
        for (int i = 0; i < 500; i++) {
            String body = "r" + i;
            b.get("/r/" + i, (q, r) -> r.send(200, "text/plain", body));
        }
        Routes many = b.build();
        for (int i = 0; i < 500; i++) {
            assertThat(call(many, "GET /r/" + i + " HTTP/1.1")).endsWith("r" + i);
        }
    }

    @Test
    void refusesClashesAndBadRoutes() {
        assertThatThrownBy(() -> Routes.builder().get("/a", (q, r) -> { }).get("/a", (q, r) -> { }))
            .hasMessageContaining("GET /a is declared twice");
        assertThatThrownBy(() -> Routes.builder().get("/a?b", (q, r) -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Routes.builder().route("G T", "/a", (q, r) -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    private static Request request(String line) {
        byte[] b = (line + "\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Request req = new Request(8);
        assertThat(HttpParser.parseRequest(b, 0, b.length, req, 0)).isEqualTo(b.length);
        return req;
    }

    private static String call(Routes routes, String line) throws Exception {
        Request req = request(line);
        HttpDate date = new HttpDate();
        date.update(0);
        Response res = new Response(256, date, "t");
        res.begin(req.isMethod("HEAD"), true, false);
        routes.handle(req, res);
        res.finish();
        return new String(res.buf, 0, res.pos, StandardCharsets.ISO_8859_1);
    }
}
