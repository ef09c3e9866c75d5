package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Picoev;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 server over real loopback sockets: java.net.http.HttpClient and raw sockets. */
class HttpServerTest {

    private Picoev server;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = Servers.start(Servers.oneLoop().maxRequestBodySize(2 * 1024 * 1024));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void servesPlaintextOverOneKeptAliveConnection() throws Exception {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/plaintext")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Hello, World!");
            assertThat(r.headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(r.headers().firstValue("server")).hasValue("picoev");
            assertThat(r.headers().firstValue("date")).get().asString().endsWith(" GMT").hasSize(29);
        }
        assertThat(Servers.stats(server).accepted()).isEqualTo(1);
        assertThat(Servers.stats(server).requests()).isEqualTo(50);
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }

    @Test
    void echoesAOneMebibyteBody() throws Exception {
        byte[] body = new byte[1024 * 1024];
        new Random(7).nextBytes(body);
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri("/echo"))
            .header("Content-Type", "application/x-test")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/x-test");
        assertThat(r.body()).isEqualTo(body);
    }

    @Test
    void echoesAChunkedBodyFromHttpClient() throws Exception {
        // ofInputStream has no known length, so HttpClient sends it chunked
        byte[] body = "chunks of unknown length".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri("/echo"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
    }

    @Test
    void answersHeadWithoutABody() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("HEAD /plaintext HTTP/1.1\r\nHost: x\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Reply head = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("13");
            // the next response starts right after the head: nothing of a body came between
            assertThat(c.read().text()).isEqualTo("Hello, World!");
        }
    }

    @Test
    void answersSixteenPipelinedRequestsInOrderWithOneWrite() throws Exception {
        assertPipeline(16, true);
    }

    @Test
    void answersAHundredPipelinedRequestsInOrder() throws Exception {
        assertPipeline(100, false); // ~12 KB of answers: written whenever maxWrite (8 KiB) fills
    }

    @Test
    void answersAPipelinedBurstSeveralReadBuffersLong() throws Exception {
        // ~37 KB sent at once, more than three reads of the engine's 12 KiB buffer: no new input comes
        // to announce the rest (edge-triggered epoll must report a read that filled the buffer again)
        assertPipeline(1000, false);
    }

    private void assertPipeline(int depth, boolean oneWritePerRead) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            all.append("GET /path?").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send(all.toString());
            for (int i = 0; i < depth; i++) {
                RawClient.Reply r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("/path?" + i);
            }
        }
        var stats = Servers.stats(server);
        assertThat(stats.requests()).isEqualTo(depth);
        if (oneWritePerRead) {
            // every read that brought requests was answered with one write
            assertThat(stats.writeCalls()).isLessThanOrEqualTo(stats.readCalls());
        }
    }

    @Test
    void readsARequestSentOneByteAtATime() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.sendSlowly("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", 2);
            RawClient.Reply r = c.read();
            assertThat(r.text()).isEqualTo("hello");
            c.sendSlowly("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1;x=y\r\nc\r\n0\r\nT: 1\r\n\r\n", 1);
            assertThat(c.read().text()).isEqualTo("abc");
        }
        assertThat(Servers.stats(server).readCalls()).isGreaterThan(50);
    }

    @Test
    void bodyFollowedByPipelinedRequestInTheSameRead() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nd\r\n0\r\n\r\n"
                + "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("abc");
            assertThat(c.read().text()).isEqualTo("d");
            assertThat(c.read().text()).isEqualTo("Hello, World!");
        }
    }

    @Test
    void answersExpectContinueBeforeTheBody() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.send("ping");
            RawClient.Reply r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("ping");
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /plaintext HTTP/1.0\r\n\r\n");
            RawClient.Reply r = c.read();
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(c.read().header("connection")).isEqualTo("keep-alive");
            c.send("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(Servers.stats(server).requests()).isEqualTo(1);
    }

    @Test
    void handlerExceptionIs500AndTheConnectionGoesOn() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /throw HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(500);
            RawClient.Reply nothing = c.read();
            assertThat(nothing.status()).isEqualTo(500);
            assertThat(c.read().text()).isEqualTo("Hello, World!");
        }
        assertThat(Servers.stats(server).handlerErrors()).isEqualTo(2);
    }

    @Test
    void slowReaderGetsAllOfATenMebibyteResponseWhileOthersAreServed() throws Exception {
        int size = 10 * 1024 * 1024;
        try (RawClient slow = new RawClient(server.port())) {
            slow.socket.setReceiveBufferSize(16 * 1024);
            slow.send("GET /big?" + size + " HTTP/1.1\r\nHost: x\r\n\r\n");
            var in = slow.input();
            byte[] head = new byte[0];
            // read the head byte by byte, then the body in small, paced gulps
            StringBuilder h = new StringBuilder();
            while (!h.toString().endsWith("\r\n\r\n")) {
                h.append((char) in.read());
            }
            assertThat(h.toString()).startsWith("HTTP/1.1 200 OK").contains("Content-Length: " + size);
            byte[] buf = new byte[64 * 1024];
            long got = 0;
            int gulps = 0;
            while (got < size) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                for (int i = 0; i < n; i++) {
                    assertThat(buf[i]).isEqualTo((byte) ('a' + (got + i) % 26));
                }
                got += n;
                if (++gulps % 40 == 0) {
                    // meanwhile the loop serves someone else
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/plaintext")).build(),
                        HttpResponse.BodyHandlers.ofString());
                    assertThat(r.body()).isEqualTo("Hello, World!");
                }
            }
            assertThat(got).isEqualTo(size);
            assertThat(head).isEmpty();
        }
    }

    @Test
    void aClientLeavingMidResponseIsClosedAndNothingElseNotices() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (RawClient quitter = new RawClient(server.port())) {
                quitter.socket.setReceiveBufferSize(8192);
                quitter.send("GET /big?" + (8 * 1024 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
                quitter.input().readNBytes(1000);
                quitter.socket.setSoLinger(true, 0); // leave with a reset, mid-response
            }
        }
        assertThat(Servers.eventually(Duration.ofSeconds(10), () -> server.openConnections() == 0)).isTrue();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/plaintext")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("Hello, World!");
    }

    @Test
    void anErrorHandlerThatThrowsStillYieldsA500() throws Exception {
        try (Picoev strict = Servers.start(Servers.oneLoop().errorHandler((req, res, e) -> {
                throw new IllegalStateException("error handler failure (a test exception)");
            }));
             RawClient c = new RawClient(strict.port())) {
            c.send("GET /throw HTTP/1.1\r\nHost: x\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(500);
            assertThat(c.read().text()).isEqualTo("Hello, World!");
            c.send("GET / HTTP/9.9\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(500);
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
