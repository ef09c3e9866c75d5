package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Picoev;
import io.picoev.http.Routes;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request targets and {@code Host} over a real socket (RFC 9112 §3.2, RFC 9110 §7.2): the
 * absolute-form routes as the origin-form does, each other form only with its method, and a
 * {@code Host} that is not {@code uri-host [":" port]} gets 400 and a close.
 */
class RequestTargetTest {

    private static Picoev server;
    /** Answers 200 to anything, CONNECT included: the server must not let that 2xx out. */
    private static Picoev yesServer;
    private static Picoev routesServer;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.start(Servers.oneLoop());
        yesServer = Servers.start(Servers.oneLoop().handler((req, res) -> res.send(200, "text/plain", "yes " + req.target())));
        routesServer = Servers.start(Servers.oneLoop().handler(Routes.builder()
            .get("/plaintext", (req, res) -> res.send(200, "text/plain", "routed " + req.query()))
            .route("OPTIONS", "*", (req, res) -> res.status(204).header("Allow", "GET, OPTIONS").end())
            .build()));
    }

    @AfterAll
    static void stop() {
        server.close();
        yesServer.close();
        routesServer.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/plaintext", "http://127.0.0.1:8080/plaintext", "HTTP://LOCALHOST/plaintext",
        "https://[::1]:1/plaintext"})
    void absoluteFormIsAnsweredAsOriginForm(String target) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawClient.Reply r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("Hello, World!");
            // kept alive, and a second request on the connection routes the same
            c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("Hello, World!");
        }
    }

    @Test
    void routesSeeThePathAndQueryOfAnAbsoluteFormTarget() throws Exception {
        try (RawClient c = new RawClient(routesServer.port())) {
            c.send("GET http://example.com/plaintext?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n"
                + "GET /plaintext?y HTTP/1.1\r\nHost: example.com\r\n\r\n");
            RawClient.Reply a = c.read();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.text()).isEqualTo("routed x=1");
            assertThat(c.read().text()).isEqualTo("routed y");
        }
    }

    @Test
    void targetKeepsTheRawRequestTarget() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET http://h:1/path?q HTTP/1.1\r\nHost: h:1\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("http://h:1/path?q");
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "GET http://evil.com/x HTTP/1.1~Host: 127.0.0.1 | evil.com",
        "GET HTTPS://[::1]:8443?q HTTP/1.1~Host: h | [::1]:8443",
        "GET http://a.b:1 HTTP/1.1~Host: h | a.b:1",
        "GET /x HTTP/1.1~Host: h:80 | h:80",
        "GET /x HTTP/1.1~Host: | ''",
        "GET /x HTTP/1.0 | null"})
    void authorityIsTheAbsoluteFormTargetsOverHost(String head, String authority) throws Exception {
        // RFC 9112 §3.2.2: the server MUST use the target's authority and ignore Host
        try (Picoev s = Servers.start(Servers.oneLoop().handler((req, res) -> res.send(200, "text/plain", String.valueOf(req.authority()))));
             RawClient c = new RawClient(s.port())) {
            c.send(head.replace("~", "\r\n") + "\r\n\r\n"); // "~" for CRLF: the CSV is split at line ends
            assertThat(c.read().text()).isEqualTo(authority);
        }
    }

    @Test
    void asteriskFormReachesTheHandlerForOptions() throws Exception {
        try (RawClient c = new RawClient(routesServer.port())) {
            c.send("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
            RawClient.Reply r = c.read();
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("allow")).isEqualTo("GET, OPTIONS");
        }
    }

    @ParameterizedTest(name = "Host: \"{0}\"")
    @ValueSource(strings = {"", "example.com", "example.com:8080", "127.0.0.1:80", "[::1]", "[::1]:8080",
        "[2001:db8::7]", "[v1.fe]", "a%41b", "xn--bcher-kva.example", ":80", "h:"})
    void validHostIsServed(String host) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /plaintext HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            c.send("GET /plaintext HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            assertThat(c.read().status()).as("still open").isEqualTo(200);
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
            Arguments.of("Host with a space", "GET /plaintext HTTP/1.1\r\nHost: a b\r\n\r\n"),
            Arguments.of("Host with a path", "GET /plaintext HTTP/1.1\r\nHost: a/b\r\n\r\n"),
            Arguments.of("Host with userinfo", "GET /plaintext HTTP/1.1\r\nHost: u@a\r\n\r\n"),
            Arguments.of("Host port not digits", "GET /plaintext HTTP/1.1\r\nHost: a:8o\r\n\r\n"),
            Arguments.of("Host IP-literal unclosed", "GET /plaintext HTTP/1.1\r\nHost: [::1\r\n\r\n"),
            Arguments.of("Host IPv6 malformed", "GET /plaintext HTTP/1.1\r\nHost: [1:2:3]\r\n\r\n"),
            Arguments.of("Host bad pct-encoding", "GET /plaintext HTTP/1.1\r\nHost: a%4\r\n\r\n"),
            Arguments.of("Host obs-text", "GET /plaintext HTTP/1.1\r\nHost: b\u00fccher\r\n\r\n"),
            Arguments.of("invalid Host in HTTP/1.0", "GET /plaintext HTTP/1.0\r\nHost: a b\r\n\r\n"),
            Arguments.of("invalid Host beside an absolute-form", "GET http://a/plaintext HTTP/1.1\r\nHost: a b\r\n\r\n"),
            Arguments.of("authority-form with GET", "GET 127.0.0.1:80 HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("asterisk-form with GET", "GET * HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("CONNECT with origin-form", "CONNECT /plaintext HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("relative path", "GET plaintext HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("absolute-form, other scheme", "GET ftp://h/plaintext HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("absolute-form, empty host", "GET http:///plaintext HTTP/1.1\r\nHost: h\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void invalidTargetOrHostIs400AndClose(String name, String request) throws Exception {
        long errorsBefore = Servers.stats(server).parseErrors();
        try (RawClient c = new RawClient(server.port())) {
            c.send(request);
            RawClient.Reply r = c.read();
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).as("closed after " + name).isTrue();
        }
        assertThat(Servers.stats(server).parseErrors()).isEqualTo(errorsBefore + 1);
    }

    @Test
    void connectNoRouteClaimsIsNot2xx() throws Exception {
        try (RawClient c = new RawClient(routesServer.port())) {
            c.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(404);
        }
    }

    @Test
    void connectAnswered2xxByAHandlerBecomes501() throws Exception {
        try (RawClient c = new RawClient(yesServer.port())) {
            c.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
            RawClient.Reply r = c.read();
            assertThat(r.status()).isEqualTo(501);
            // the same handler still answers other methods with its 200
            c.send("GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
            RawClient.Reply next = c.read();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.text()).isEqualTo("yes /x");
        }
    }
}
