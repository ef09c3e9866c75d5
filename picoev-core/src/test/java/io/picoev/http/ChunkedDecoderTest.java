package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * picohttpparser's {@code test_chunked_consume_trailer} cases (a server always consumes the
 * trailers), fed at once and one byte at a time, plus its failure cases.
 */
class ChunkedDecoderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
            // encoded, decoded, bytes left after the body (-2: incomplete)
            Arguments.of("b\r\nhello world\r\n0\r\n", "hello world", -2),
            Arguments.of("6\r\nhello \r\n5\r\nworld\r\n0\r\n", "hello world", -2),
            Arguments.of("6;comment=hi\r\nhello \r\n5\r\nworld\r\n0\r\n", "hello world", -2),
            Arguments.of("b\r\nhello world\r\n0\r\n\r\n", "hello world", 0),
            Arguments.of("b\nhello world\n0\n\n", "hello world", 0),
            Arguments.of("6\r\nhello \r\n5\r\nworld\r\n0\r\na: b\r\nc: d\r\n\r\n", "hello world", 0),
            // ours: what follows the body is the next pipelined request, left alone
            Arguments.of("3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n", "abc", "GET / HTTP/1.1\r\n".length()),
            Arguments.of("A; ext=\"q\" ;x\r\n0123456789\r\n0\r\n\r\n", "0123456789", 0));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesAtOnce(String encoded, String decoded, int left) {
        byte[] in = bytes(encoded);
        ChunkedDecoder d = new ChunkedDecoder(1 << 20);
        int r = d.decode(in, 0, in.length);
        assertThat(r).isEqualTo(left == -2 ? -2 : in.length - left);
        assertThat(new String(d.body(), 0, d.length(), StandardCharsets.ISO_8859_1)).isEqualTo(decoded);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodesOneByteAtATime(String encoded, String decoded, int left) {
        byte[] in = bytes(encoded);
        ChunkedDecoder d = new ChunkedDecoder(1 << 20);
        int consumedAt = -1;
        for (int i = 0; i < in.length && consumedAt < 0; i++) {
            int r = d.decode(in, i, 1);
            if (r >= 0) {
                assertThat(r).isEqualTo(1);
                consumedAt = i + 1;
            } else {
                assertThat(r).isEqualTo(-2);
            }
        }
        assertThat(consumedAt).isEqualTo(left == -2 ? -1 : in.length - left);
        assertThat(new String(d.body(), 0, d.length(), StandardCharsets.ISO_8859_1)).isEqualTo(decoded);
    }

    @Test
    void failures() {
        assertThat(decode("z\r\nabcdefg")).isEqualTo(-1);
        // sizes past the body limit: refused (picohttpparser's size_t takes 16 hex digits)
        assertThat(decode("6\r\nhello \r\nffffffffffffffff\r\nabcdefg")).isEqualTo(-1);
        assertThat(decode("6\r\nhello \r\nfffffffffffffffff\r\nabcdefg")).isEqualTo(-1);
        assertThat(decode("\r\n")).isEqualTo(-1);
        assertThat(decode("3\r\nabcX\r\n")).isEqualTo(-1);
        assertThat(decode("3\rabc")).isEqualTo(-1);
        assertThat(decode("3;a\0b\r\nabc")).isEqualTo(-1);
        // trailer lines are dropped, so only their characters are checked, not their shape
        assertThat(decode("0\r\nbad header\r\n\r\n")).isEqualTo(17);
        assertThat(decode("0\r\n\0\r\n\r\n")).isEqualTo(-1);
    }

    @Test
    void chunkSizeHasAtMostFifteenHexDigitsEvenWhenTheyAreLeadingZeros() {
        // the body limit stops a large size; only the digit count stops an endless run of zeros
        ChunkedDecoder fifteen = new ChunkedDecoder(Integer.MAX_VALUE);
        byte[] ok = bytes("000000000000003\r\nabc\r\n0\r\n\r\n");
        assertThat(fifteen.decode(ok, 0, ok.length)).isEqualTo(ok.length);
        assertThat(fifteen.length()).isEqualTo(3);
        ChunkedDecoder sixteen = new ChunkedDecoder(Integer.MAX_VALUE);
        byte[] bad = bytes("0000000000000003\r\nabc\r\n0\r\n\r\n");
        assertThat(sixteen.decode(bad, 0, bad.length)).isEqualTo(-1);
        assertThat(sixteen.tooLarge()).as("malformed (400), not too large").isFalse();
        // the count starts again on each chunk-size line
        ChunkedDecoder twoLines = new ChunkedDecoder(Integer.MAX_VALUE);
        byte[] two = bytes("000000000000001\r\na\r\n000000000000001\r\nb\r\n0\r\n\r\n");
        assertThat(twoLines.decode(two, 0, two.length)).isEqualTo(two.length);
        // a size too large for the limit is 413 whatever its digit count
        ChunkedDecoder big = new ChunkedDecoder(Integer.MAX_VALUE);
        byte[] huge = bytes("ffffffffffffffff\r\n");
        assertThat(big.decode(huge, 0, huge.length)).isEqualTo(-1);
        assertThat(big.tooLarge()).isTrue();
    }

    @Test
    void tellsTooLargeFromMalformed() {
        ChunkedDecoder d = new ChunkedDecoder(10);
        byte[] in = bytes("6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n");
        assertThat(d.decode(in, 0, in.length)).isEqualTo(-1);
        assertThat(d.tooLarge()).isTrue();
        ChunkedDecoder bad = new ChunkedDecoder(10);
        assertThat(bad.decode(bytes("x"), 0, 1)).isEqualTo(-1);
        assertThat(bad.tooLarge()).isFalse();
    }

    private static int decode(String s) {
        byte[] in = bytes(s);
        return new ChunkedDecoder(1 << 20).decode(in, 0, in.length);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
