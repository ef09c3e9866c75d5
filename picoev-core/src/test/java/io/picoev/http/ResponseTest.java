package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseTest {

    private final HttpDate date = new HttpDate();
    private Response res;

    @BeforeEach
    void setUp() {
        date.update(784111777_000L);
        res = new Response(32, date, "picoev");
        res.begin(false, true, false);
    }

    @Test
    void seedBuilderWritesAWholeResponse() {
        res.httpOk().headerDate().headerServer().plain().body("Hello");
        assertThat(text()).isEqualTo("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: picoev\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nHello");
    }

    @Test
    void bodyAddsDateAndServerUnlessWritten() {
        res.send(201, "application/json", "{}");
        assertThat(text()).isEqualTo("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: picoev\r\nContent-Length: 2\r\n\r\n{}");
    }

    @Test
    void utf8BodyLengthCountsBytes() {
        res.send(200, "text/plain; charset=utf-8", "h\u00e9\u20ac\uD83D\uDE00");
        String s = new String(res.buf, 0, res.pos, StandardCharsets.UTF_8);
        assertThat(s).contains("Content-Length: 10\r\n").endsWith("h\u00e9\u20ac\uD83D\uDE00");
    }

    @Test
    void byteBufferBodyLeavesPositionAlone() {
        ByteBuffer b = ByteBuffer.wrap("xyz".getBytes(StandardCharsets.US_ASCII));
        res.send(200, "text/plain", b);
        assertThat(text()).endsWith("Content-Length: 3\r\n\r\nxyz");
        assertThat(b.position()).isZero();
    }

    @Test
    void headRequestGetsLengthWithoutBody() {
        res.begin(true, true, false);
        res.send(200, "text/plain", "Hello");
        assertThat(text()).endsWith("Content-Length: 5\r\n\r\n");
    }

    @Test
    void connectionHeaderSaysWhatHappens() {
        res.begin(false, false, false);
        res.httpOk().end();
        assertThat(text()).contains("Connection: close\r\n").endsWith("Content-Length: 0\r\n\r\n");
        res.reset();
        res.begin(false, true, true);
        res.httpOk().end();
        assertThat(text()).contains("Connection: keep-alive\r\n");
    }

    @Test
    void handlerConnectionCloseEndsKeepAlive() {
        res.httpOk().header("Connection", "close").end();
        assertThat(res.keepAlive()).isFalse();
        assertThat(text()).containsOnlyOnce("Connection");
    }

    @Test
    void noContentHasNoLength() {
        res.status(204).end();
        assertThat(text()).doesNotContain("Content-Length");
    }

    @Test
    void refusesHeaderInjection() {
        res.httpOk();
        assertThatThrownBy(() -> res.header("X-A", "a\r\nSet-Cookie: x")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("X-A");
        assertThatThrownBy(() -> res.header("X-A", "a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> res.header("X A", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> res.header("X-\r\n", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> res.contentType("text/plain\r\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> res.header("Content-Length", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesOutOfOrderCalls() {
        assertThatThrownBy(() -> res.header("A", "b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> res.end()).isInstanceOf(IllegalStateException.class);
        res.httpOk().body("x");
        assertThatThrownBy(() -> res.body("y")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> res.status(200)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void finishEndsAnOpenHeadAndReportsAnUntouchedOne() {
        assertThat(res.finish()).isFalse();
        res.httpOk().header("X", "1");
        assertThat(res.finish()).isTrue();
        assertThat(text()).endsWith("X: 1\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: picoev\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void cannedResponsesReplaceAHalfWrittenOne() {
        res.httpOk().header("X", "1");
        res.http404();
        assertThat(text()).startsWith("HTTP/1.1 404 Not Found\r\n").doesNotContain("X: 1");
    }

    @Test
    void growsForLargeBodiesAndShrinksAfterReset() {
        byte[] big = new byte[100_000];
        res.send(200, "application/octet-stream", big);
        assertThat(res.size()).isGreaterThan(100_000);
        res.reset();
        assertThat(res.buf.length).isEqualTo(32);
    }

    private String text() {
        return new String(res.buf, 0, res.pos, StandardCharsets.ISO_8859_1);
    }
}
