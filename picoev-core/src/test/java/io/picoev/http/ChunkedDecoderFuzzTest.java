package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzzes {@link ChunkedDecoder} (Jazzer): any bytes, fed whole and in slices the fuzzer picks,
 * each slice at the very end of its own array. Only a body, incomplete or a refusal; the same
 * outcome and the same decoded bytes however the input is sliced; never more than the limit.
 */
class ChunkedDecoderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decode(FuzzedDataProvider data) {
        int maxBody = data.consumeInt(0, 1 << 16);
        int cuts = data.consumeInt(0, 16);
        int[] at = new int[cuts];
        for (int i = 0; i < cuts; i++) {
            at[i] = data.consumeInt(0, 4096);
        }
        byte[] input = data.consumeRemainingAsBytes();

        ChunkedDecoder whole = new ChunkedDecoder(maxBody);
        byte[] buf = HttpParserFuzzTest.atEnd(input, 3);
        int r = whole.decode(buf, buf.length - input.length, input.length);
        check(r, whole, input.length, maxBody);

        Arrays.sort(at);
        ChunkedDecoder sliced = new ChunkedDecoder(maxBody);
        int pos = 0;
        int last = HttpParser.INCOMPLETE;
        for (int i = 0; i <= cuts && last == HttpParser.INCOMPLETE; i++) {
            int to = i < cuts ? Math.max(pos, Math.min(at[i], input.length)) : input.length;
            byte[] slice = HttpParserFuzzTest.atEnd(Arrays.copyOfRange(input, pos, to), 1);
            last = sliced.decode(slice, 1, to - pos);
            check(last, sliced, to - pos, maxBody);
            if (last >= 0) {
                last += pos; // as an offset into the whole input
            }
            pos = to;
        }
        assertThat(last).as("the same outcome however sliced").isEqualTo(r);
        assertThat(sliced.tooLarge()).isEqualTo(whole.tooLarge());
        if (r >= 0) {
            assertThat(Arrays.copyOf(sliced.body(), sliced.length())).isEqualTo(Arrays.copyOf(whole.body(), whole.length()));
        }
    }

    private static void check(int r, ChunkedDecoder d, int len, int maxBody) {
        assertThat(r == HttpParser.ERROR || r == HttpParser.INCOMPLETE || r >= 1 && r <= len).as("result " + r).isTrue();
        assertThat(d.length()).isBetween(0, maxBody);
        if (d.tooLarge()) {
            assertThat(r).isEqualTo(HttpParser.ERROR);
        }
    }
}
