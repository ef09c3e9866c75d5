package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
            Arguments.of("6\r\nhello \r\n5\r\nworld\r\n0\r\na: b\r\nc: d\r\n\r\n", "hello world", 0),
            // ours: what follows the body is the next pipelined request, left alone
            Arguments.of("3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n", "abc", "GET / HTTP/1.1\r\n".length()),
            Arguments.of("A; ext=\"q\" ;x\r\n0123456789\r\n0\r\n\r\n", "0123456789", 0),
            Arguments.of("3 \t; a = \"x;\\\"y\" ; b=c\r\nabc\r\n0\r\n\r\n", "abc", 0));
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

    /** Every line of the framing ends in CRLF: a bare LF would be read otherwise by a proxy in front. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "3\nabc\r\n0\r\n\r\n",           // after the size
        "3;x\nabc\r\n0\r\n\r\n",         // after an extension
        "3\r\nabc\n0\r\n\r\n",           // after the data
        "3\r\nabc\r\n0\n\r\n",           // after the last chunk
        "3\r\nabc\r\n0\r\n\n",           // ending the trailers
        "0\r\na: b\n\r\n",               // after a trailer line
        "3;a=\"x\r\ny\"\r\nabc\r\n0\r\n\r\n", // CR LF inside a quoted extension value
        "3;a=\"x\ny\"\r\nabc\r\n0\r\n\r\n",
        "3;a=\"x\\\ry\"\r\nabc\r\n0\r\n\r\n", // nor escaped
        "3;a=x\ty\u0001\r\nabc\r\n0\r\n\r\n", // CTL in a token value
        "3;a=\"\u007f\"\r\nabc\r\n0\r\n\r\n",
        "3 \r\nabc\r\n0\r\n\r\n",         // whitespace after the size is only BWS before ';'
        "3\t\r\nabc\r\n0\r\n\r\n",
        "3 x\r\nabc\r\n0\r\n\r\n",
        "3\r\nabc\rX0\r\n\r\n",         // a CR and not its LF: after the data
        "0\r\na: b\rX\r\n",            // after a trailer line
        "0\r\n\rX"})                   // ending the trailers
    void refusesBareLfAndControlCharactersInTheFraming(String encoded) {
        assertThat(decode(encoded)).isEqualTo(-1);
        byte[] in = bytes(encoded);
        ChunkedDecoder sliced = new ChunkedDecoder(1 << 20);
        int r = -2;
        for (int i = 0; i < in.length && r == -2; i++) {
            r = sliced.decode(in, i, 1);
        }
        assertThat(r).isEqualTo(-1);
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
    void aBodyOfExactlyTheLimitFits() {
        byte[] one = bytes("b\r\nhello world\r\n0\r\n\r\n");
        assertThat(new ChunkedDecoder(11).decode(one, 0, one.length)).isEqualTo(one.length);
        ChunkedDecoder over = new ChunkedDecoder(10);
        assertThat(over.decode(one, 0, one.length)).isEqualTo(-1);
        assertThat(over.tooLarge()).isTrue();
        // the room left shrinks with each chunk
        byte[] two = bytes("6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n");
        ChunkedDecoder fits = new ChunkedDecoder(11);
        assertThat(fits.decode(two, 0, two.length)).isEqualTo(two.length);
        assertThat(new String(fits.body(), 0, fits.length(), StandardCharsets.ISO_8859_1)).isEqualTo("hello world");
        ChunkedDecoder second = new ChunkedDecoder(10);
        assertThat(second.decode(two, 0, two.length)).isEqualTo(-1);
        assertThat(second.tooLarge()).isTrue();
        assertThat(second.length()).as("refused at the size line, before its data").isEqualTo(6);
    }

    @Test
    void extensionsAndTrailersStopAt8192Bytes() {
        // counted: what follows the ';' up to and including the CR
        byte[] ext = bytes("1;" + "e".repeat(8191) + "\r\nx\r\n0\r\n\r\n");
        assertThat(new ChunkedDecoder(100).decode(ext, 0, ext.length)).isEqualTo(ext.length);
        byte[] longExt = bytes("1;" + "e".repeat(8192) + "\r\nx\r\n0\r\n\r\n");
        assertThat(new ChunkedDecoder(100).decode(longExt, 0, longExt.length)).isEqualTo(-1);
        // counted: the trailer section up to and including each line's CR
        byte[] trailer = bytes("0\r\nt: " + "v".repeat(8188) + "\r\n\r\n");
        assertThat(new ChunkedDecoder(100).decode(trailer, 0, trailer.length)).isEqualTo(trailer.length);
        byte[] longTrailer = bytes("0\r\nt: " + "v".repeat(8189) + "\r\n\r\n");
        assertThat(new ChunkedDecoder(100).decode(longTrailer, 0, longTrailer.length)).isEqualTo(-1);
        // the limit is for the whole section, not each line
        byte[] lines = bytes("0\r\n" + ("t: " + "v".repeat(4000) + "\r\n").repeat(3) + "\r\n");
        assertThat(new ChunkedDecoder(100).decode(lines, 0, lines.length)).isEqualTo(-1);
        // a line that starts once the section is full is refused at its first byte
        byte[] oneMore = bytes("0\r\nt: " + "v".repeat(8188) + "\r\nx: y\r\n\r\n");
        assertThat(new ChunkedDecoder(100).decode(oneMore, 0, oneMore.length)).isEqualTo(-1);
        // whitespace before ';', quoted strings and quoted pairs count too
        for (String line : List.of("1" + " ".repeat(8200) + ";e", "1;e=\"" + "q".repeat(8200) + "\"",
                "1;e=\"" + "\\q".repeat(4100) + "\"")) {
            byte[] in = bytes(line + "\r\nx\r\n0\r\n\r\n");
            assertThat(new ChunkedDecoder(100).decode(in, 0, in.length)).as(line.substring(0, 8)).isEqualTo(-1);
        }
        // and the count starts again with each chunk's size line
        byte[] exts = bytes(("1;" + "e".repeat(5000) + "\r\nx\r\n").repeat(3) + "0\r\n\r\n");
        assertThat(new ChunkedDecoder(100).decode(exts, 0, exts.length)).isEqualTo(exts.length);
    }

    @Test
    void aChunkLargerThanTheFirstBufferGrowsIt() {
        String data = "0123456789".repeat(300);
        byte[] in = bytes("bb8\r\n" + data + "\r\n0\r\n\r\n");
        ChunkedDecoder d = new ChunkedDecoder(1 << 20);
        assertThat(d.decode(in, 0, in.length)).isEqualTo(in.length);
        assertThat(new String(d.body(), 0, d.length(), StandardCharsets.ISO_8859_1)).isEqualTo(data);
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
