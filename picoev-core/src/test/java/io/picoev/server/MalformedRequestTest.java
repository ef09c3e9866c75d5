package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Picoev;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal of RFC 9112 framing and of our limits: the right status, then the connection
 * closes, and the server goes on serving the next client.
 */
class MalformedRequestTest {

    private static Picoev server;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.start(Servers.oneLoop().maxRequestBodySize(1000).maxRequestHeaderSize(1024).maxHeaders(10));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        String host = "Host: x\r\n";
        return Stream.of(
            Arguments.of("Transfer-Encoding with Content-Length",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400),
            Arguments.of("two different Content-Lengths",
                "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
            Arguments.of("Content-Length list", "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 3, 3\r\n\r\nabc", 400),
            Arguments.of("negative Content-Length", "POST /echo HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n", 400),
            Arguments.of("Transfer-Encoding not ending in chunked",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, gzip\r\n\r\n", 400),
            Arguments.of("unknown coding before chunked",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
            Arguments.of("two Transfer-Encoding headers",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            Arguments.of("Transfer-Encoding in HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            Arguments.of("bad chunk size", "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", 400),
            Arguments.of("bare LF after chunk data",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n", 400),
            Arguments.of("bare LF after the chunk size",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400),
            Arguments.of("CRLF inside a quoted chunk extension",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=\"x\r\ny\"\r\nabc\r\n0\r\n\r\n", 400),
            Arguments.of("whitespace after the chunk size",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n", 400),
            Arguments.of("chunk without CRLF after data",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 400),
            Arguments.of("space in header name", "GET / HTTP/1.1\r\n" + host + "Bad Name: v\r\n\r\n", 400),
            Arguments.of("space before colon", "GET / HTTP/1.1\r\n" + host + "Name : v\r\n\r\n", 400),
            Arguments.of("NUL in header value", "GET / HTTP/1.1\r\n" + host + "A: b\0c\r\n\r\n", 400),
            Arguments.of("bare CR in a line", "GET / HTTP/1.1\r\n" + host + "A: b\rc\r\n\r\n", 400),
            Arguments.of("obs-fold", "GET / HTTP/1.1\r\n" + host + "A: b\r\n c\r\n\r\n", 400),
            Arguments.of("LF in the request target", "GET /a\nb HTTP/1.1\r\n" + host + "\r\n", 400),
            Arguments.of("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400),
            Arguments.of("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            Arguments.of("unknown expectation", "POST /echo HTTP/1.1\r\n" + host + "Expect: teapot\r\nContent-Length: 1\r\n\r\nx", 417),
            Arguments.of("too many headers", "GET / HTTP/1.1\r\n" + host + "A: 1\r\n".repeat(10) + "\r\n", 431),
            Arguments.of("header section too large", "GET / HTTP/1.1\r\n" + host + "A: " + "v".repeat(1100) + "\r\n\r\n", 431),
            Arguments.of("request line too long", "GET /" + "p".repeat(1100) + " HTTP/1.1\r\n" + host + "\r\n", 414),
            Arguments.of("Content-Length over the limit", "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 1001\r\n\r\n", 413),
            Arguments.of("chunked body over the limit",
                "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3e9\r\n", 413),
            Arguments.of("HTTP/2.0 request line", "GET / HTTP/2.0\r\n\r\n", 505),
            Arguments.of("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void refusesAndCloses(String name, String request, int status) throws Exception {
        long errorsBefore = Servers.stats(server).parseErrors();
        try (RawClient c = new RawClient(server.port())) {
            c.send(request);
            RawClient.Reply r = c.read();
            assertThat(r.status()).as(name).isEqualTo(status);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).as("closed after " + name).isTrue();
        }
        assertThat(Servers.stats(server).parseErrors()).isEqualTo(errorsBefore + 1);
        // and the next client is served as if nothing happened
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("Hello, World!");
        }
    }

    @org.junit.jupiter.api.Test
    void refusalReachesAClientStillSendingItsBody() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n");
                try {
                    c.send(new byte[5_000_000]); // the server refuses after the head; these bytes are unwanted
                } catch (java.io.IOException e) {
                    // the server may stop reading before all of it is sent
                }
                assertThat(c.read().status()).isEqualTo(413);
                assertThat(c.closedByServer()).as("half-closed after the answer").isTrue();
            }
        }
        // the server read and dropped the rest, then closed once the client did
        assertThat(Servers.eventually(java.time.Duration.ofSeconds(5), () -> server.openConnections() == 0)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void aRefusedClientThatKeepsSendingIsClosedAfterAMebibyte() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET / HTTP/2.0\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(505);
            long sent = 0;
            try {
                while (sent < 64L * 1024 * 1024) {
                    c.send(new byte[64 * 1024]);
                    sent += 64 * 1024;
                }
            } catch (java.io.IOException closed) {
                // the server stopped listening to us
            }
            assertThat(sent).isLessThan(64L * 1024 * 1024);
        }
    }

    @org.junit.jupiter.api.Test
    void afterARefusalTheServerLingersSoBytesStillSentDoNotResetTheConnection() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET / HTTP/2.0\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(505);
            // bytes still on their way after the answer: a closed socket answers them with RST, a lingering one drops them
            for (int i = 0; i < 8; i++) {
                c.send(new byte[8 * 1024]);
                Thread.sleep(20);
            }
            c.socket.shutdownOutput();
            assertThat(c.input().read()).as("a clean end of stream (FIN), not a reset").isEqualTo(-1);
        }
        assertThat(Servers.eventually(java.time.Duration.ofSeconds(5), () -> server.openConnections() == 0)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {2}, sent in pieces")
    @MethodSource("cases")
    void refusesTheSameWhenBytesTrickleIn(String name, String request, int status) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            int third = Math.max(1, request.length() / 3);
            c.send(request.substring(0, third));
            Thread.sleep(5);
            c.send(request.substring(third));
            assertThat(c.read().status()).as(name).isEqualTo(status);
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
