package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Framing} on its own: how each head is framed (RFC 9112 §6) and whether its connection
 * stays open (§9.3), row by row, without a socket. The refusals are also exercised end to end in
 * {@code MalformedRequestTest}.
 */
class FramingTest {

    static Stream<Arguments> heads() {
        return Stream.of(
            // version, header lines, status (0: accepted), Content-Length (-1: none), chunked, keep-alive, expect 100
            row("1.1", "Host: x", 0, -1, false, true, false),
            row("1.1", "Host: x\r\nConnection: close", 0, -1, false, false, false),
            row("1.1", "Host: x\r\nConnection: keep-alive, CLOSE", 0, -1, false, false, false),
            row("1.1", "Host: x\r\nConnection: upgrade,\tclose ,x", 0, -1, false, false, false),
            row("1.1", "Host: x\r\nConnection: closed", 0, -1, false, true, false),
            row("1.1", "Host: x\r\nConnection: clos", 0, -1, false, true, false),
            row("1.1", "Host: x\r\nConnection: xclose", 0, -1, false, true, false),
            row("1.0", "", 0, -1, false, false, false),
            row("1.0", "Connection: keep-alive", 0, -1, false, true, false),
            row("1.0", "Connection: Keep-Alive, close", 0, -1, false, false, false),
            row("1.0", "Connection: keep-alive-not", 0, -1, false, false, false),
            row("1.1", "Host: x\r\nContent-Length: 0", 0, 0, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: 42", 0, 42, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: 999999999999999999", 0, 999_999_999_999_999_999L, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: 1000000000000000000", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: 5\r\nContent-Length: 5", 0, 5, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: 5\r\nContent-Length: 6", 400, 5, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: ", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: 1a", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: /", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: :", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nContent-Length: +1", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: chunked", 0, -1, true, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: CHUNKED", 0, -1, true, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: gzip, chunked", 501, -1, false, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: gzip,chunked", 501, -1, false, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: gzip\tchunked", 501, -1, false, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: xchunked", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: chunked, gzip", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: chunke", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked", 400, -1, true, true, false),
            row("1.1", "Host: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 1", 400, 1, true, true, false),
            row("1.1", "Host: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked", 400, 1, true, true, false),
            row("1.0", "Transfer-Encoding: chunked", 400, -1, true, false, false),
            row("1.1", "Host: x\r\nExpect: 100-continue", 0, -1, false, true, true),
            row("1.1", "Host: x\r\nExpect: 100-Continue", 0, -1, false, true, true),
            row("1.1", "Host: x\r\nExpect: 100-continue-plus", 417, -1, false, true, false),
            row("1.1", "", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nhost: y", 400, -1, false, true, false),
            row("1.1", "HOST: x", 0, -1, false, true, false),
            row("1.0", "Host: a\r\nHost: b", 0, -1, false, false, false),
            row("1.1", "Host: a b", 400, -1, false, true, false),
            row("1.1", "Hos: x\r\nHosts: x", 400, -1, false, true, false),
            row("1.1", "Host: x\r\nExpects: teapot\r\nContent-Lengths: x\r\nTransfer-Encodings: x", 0, -1, false, true, false));
    }

    private static Arguments row(String version, String headers, int status, long length, boolean chunked,
            boolean keepAlive, boolean expect) {
        return Arguments.of(version, headers, status, length, chunked, keepAlive, expect);
    }

    @ParameterizedTest(name = "HTTP/{0} [{1}] -> {2}")
    @MethodSource("heads")
    void frames(String version, String headers, int status, long length, boolean chunked, boolean keepAlive,
            boolean expect) {
        String head = "POST / HTTP/" + version + "\r\n" + (headers.isEmpty() ? "" : headers + "\r\n") + "\r\n";
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        Request req = new Request(8);
        assertThat(HttpParser.parseRequest(b, 0, b.length, req, 0)).isEqualTo(b.length);
        Framing f = new Framing();
        int got = f.read(req);
        assertThat(got).as("status").isEqualTo(status);
        assertThat(f.problem == null).as("a problem is named exactly when refused").isEqualTo(status == 0);
        assertThat(f.contentLength).as("Content-Length").isEqualTo(length);
        assertThat(f.chunked).as("chunked").isEqualTo(chunked);
        assertThat(f.expectContinue).as("100-continue").isEqualTo(expect);
        if (status == 0) {
            assertThat(f.keepAlive).as("keep-alive").isEqualTo(keepAlive);
        }
        // the framer is reused per loop: reading the plainest head afterwards forgets everything
        byte[] plain = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        HttpParser.parseRequest(plain, 0, plain.length, req, 0);
        assertThat(f.read(req)).isZero();
        assertThat(f.contentLength).isEqualTo(-1);
        assertThat(f.chunked).isFalse();
        assertThat(f.expectContinue).isFalse();
        assertThat(f.problem).isNull();
        assertThat(f.keepAlive).isTrue();
    }
}
