package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: any re-chunking of a body, with any extensions, trailers and line ends, fed to the
 * decoder in any slices, decodes to the same bytes and ends exactly where the encoding ends.
 * One case per seed, so a failure names the seed that reproduces it.
 */
class ChunkedPropertyTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyRechunkingDecodesToTheSameBytes(long seed) {
        Random rnd = new Random(seed);
        byte[] body = new byte[rnd.nextInt(5000)];
        rnd.nextBytes(body);
        byte[] encoded = ChunkedEncoding.encode(body, rnd);
        byte[] next = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] stream = new byte[encoded.length + next.length];
        System.arraycopy(encoded, 0, stream, 0, encoded.length);
        System.arraycopy(next, 0, stream, encoded.length, next.length);

        ChunkedDecoder d = new ChunkedDecoder(body.length);
        int pos = 0;
        int r = HttpParser.INCOMPLETE;
        while (r == HttpParser.INCOMPLETE) {
            assertThat(pos).as("seed " + seed + ": the decoder wants more than the encoding").isLessThan(stream.length);
            int n = 1 + rnd.nextInt(Math.min(stream.length - pos, rnd.nextBoolean() ? 3 : 700));
            r = d.decode(stream, pos, n);
            if (r == HttpParser.INCOMPLETE) {
                pos += n;
            } else {
                pos += r;
            }
        }
        assertThat(r).as("seed " + seed).isPositive();
        assertThat(pos).as("seed " + seed + ": ends where the encoding ends").isEqualTo(encoded.length);
        byte[] decoded = java.util.Arrays.copyOf(d.body(), d.length());
        assertThat(decoded).as("seed " + seed).isEqualTo(body);
    }
}
