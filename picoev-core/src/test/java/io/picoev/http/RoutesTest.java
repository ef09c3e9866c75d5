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

    private final Routes patterns = Routes.builder()
        .get("/users", (q, r) -> r.send(200, "text/plain", "list"))
        .get("/users/me", (q, r) -> r.send(200, "text/plain", "me"))
        .get("/users/{id}", (q, r) -> r.send(200, "text/plain", "user " + q.pathVariable("id")))
        .delete("/users/{id}", (q, r) -> r.send(200, "text/plain", "deleted " + q.pathVariable("id")))
        .get("/users/{id}/posts/{post}", (q, r) -> r.send(200, "text/plain", q.pathVariables().toString()))
        .get("/users/*/avatar", (q, r) -> r.send(200, "text/plain", "avatar"))
        .get("/files/**", (q, r) -> r.send(200, "text/plain", "files"))
        .get("/docs/{*path}", (q, r) -> r.send(200, "text/plain", "docs [" + q.pathVariable("path") + "]"))
        .build();

    @Test
    void pathVariablesSeveralOfThem() throws Exception {
        assertThat(call(patterns, "GET /users/42 HTTP/1.1")).endsWith("user 42");
        assertThat(call(patterns, "GET /users/42/posts/7?x=1 HTTP/1.1")).endsWith("{id=42, post=7}");
        assertThat(call(patterns, "GET /users/42/avatar HTTP/1.1")).endsWith("avatar");
        assertThat(patterns.pattern(request("GET /users/42/posts/7 HTTP/1.1"))).isEqualTo("/users/{id}/posts/{post}");
    }

    @Test
    void exactRouteWinsThenTheMostSpecificPattern() throws Exception {
        assertThat(call(patterns, "GET /users/me HTTP/1.1")).endsWith("me");
        assertThat(call(patterns, "GET /users HTTP/1.1")).endsWith("list");
        // a variable matches one non-empty segment only
        assertThat(call(patterns, "GET /users/ HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(call(patterns, "GET /users/1/2 HTTP/1.1")).startsWith("HTTP/1.1 404");
        // /users/me has no DELETE: the pattern that has one serves it
        assertThat(call(patterns, "DELETE /users/me HTTP/1.1")).endsWith("deleted me");
        assertThat(call(patterns, "POST /users/1 HTTP/1.1")).startsWith("HTTP/1.1 405").contains("Allow: GET, DELETE, HEAD\r\n");
    }

    @Test
    void trailingCatchAllsMatchZeroOrMoreSegments() throws Exception {
        assertThat(call(patterns, "GET /files HTTP/1.1")).endsWith("files");
        assertThat(call(patterns, "GET /files/a/b/c.txt HTTP/1.1")).endsWith("files");
        assertThat(call(patterns, "GET /docs/guide/intro HTTP/1.1")).endsWith("docs [/guide/intro]");
        assertThat(call(patterns, "GET /docs HTTP/1.1")).endsWith("docs []");
        assertThat(call(patterns, "GET /filesx HTTP/1.1")).startsWith("HTTP/1.1 404");
    }

    @Test
    void matchesThePercentDecodedPathAndAnEncodedSlashIsNoSeparator() throws Exception {
        assertThat(call(patterns, "GET /us%65rs/1 HTTP/1.1")).endsWith("user 1");
        assertThat(call(patterns, "GET /us%65rs HTTP/1.1")).endsWith("list");
        assertThat(call(patterns, "GET /users/a%2Fb HTTP/1.1")).endsWith("user a/b");
        assertThat(call(patterns, "GET /users/%E2%82%AC HTTP/1.1")).endsWith("user \u20ac");
        assertThat(call(routes, "GET /plain%74ext HTTP/1.1")).endsWith("plain");
        assertThat(call(patterns, "GET /users/%zz HTTP/1.1")).startsWith("HTTP/1.1 400");
        Request req = request("GET /us%65rs/1?q=%41 HTTP/1.1");
        assertThat(req.target()).isEqualTo("/us%65rs/1?q=%41");
        assertThat(req.path()).isEqualTo("/us%65rs/1");
        assertThat(req.decodedPath()).isEqualTo("/users/1");
    }

    @Test
    void optionsGetsAllowAndAnUnknownPathIs404() throws Exception {
        assertThat(call(patterns, "OPTIONS /users/1 HTTP/1.1")).startsWith("HTTP/1.1 200").contains("Allow: GET, DELETE, HEAD, OPTIONS");
        assertThat(call(patterns, "GET /nope HTTP/1.1")).startsWith("HTTP/1.1 404");
    }

    @Test
    void refusesPatternsItCannotMatch() {
        assertThatThrownBy(() -> Routes.builder().get("/a/{id:\\d+}", (q, r) -> { }))
            .hasMessageContaining("regular expressions");
        assertThatThrownBy(() -> Routes.builder().get("/a/*.html", (q, r) -> { })).hasMessageContaining("whole segments");
        assertThatThrownBy(() -> Routes.builder().get("/a/**/b", (q, r) -> { })).hasMessageContaining("last segment");
        assertThatThrownBy(() -> Routes.builder().get("/a/{x}/{x}", (q, r) -> { })).hasMessageContaining("twice");
        assertThatThrownBy(() -> Routes.builder().get("/a/{x}", (q, r) -> { }).delete("/a/{y}", (q, r) -> { }).build())
            .hasMessageContaining("matches the same paths as /a/{x}");
    }

    @Test
    void blockingAndOnLoopSayWhereTheRouteRuns() {
        Routes r = Routes.builder()
            .get("/fast", (q, s) -> { })
            .get("/slow", Routes.blocking((q, s) -> { }))
            .get("/loop/{id}", Routes.onLoop((q, s) -> { }))
            .build();
        assertThat(r.dispatch(request("GET /fast HTTP/1.1"))).isEqualTo(Dispatch.DEFAULT);
        assertThat(r.dispatch(request("GET /slow HTTP/1.1"))).isEqualTo(Dispatch.BLOCKING);
        assertThat(r.dispatch(request("GET /loop/1 HTTP/1.1"))).isEqualTo(Dispatch.LOOP);
        assertThat(r.dispatch(request("GET /nope HTTP/1.1"))).isEqualTo(Dispatch.DEFAULT);
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
        try {
            routes.handle(req, res);
            res.finish();
        } catch (HttpStatusException e) { // as the server does: the error handler answers it
            res.discard();
            ErrorHandler.DEFAULT.handle(req, res, e);
        }
        return new String(res.buf, 0, res.pos, StandardCharsets.UTF_8);
    }
}
