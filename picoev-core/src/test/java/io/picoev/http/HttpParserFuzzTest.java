package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link HttpParser#parseRequest} (Jazzer). The bytes sit at the very end of a larger
 * array, as picohttpparser's test puts them before a guard page, so any read past them throws.
 * The checked-in inputs under {@code HttpParserFuzzTestInputs} run in every build; README's
 * "Testing" section says how to fuzz for longer.
 */
class HttpParserFuzzTest {

    /** Whole, then split at points the fuzzer picks: only a request, incomplete or a refusal, and the same at every split. */
    @FuzzTest(maxDuration = "2m")
    void parseRequest(FuzzedDataProvider data) {
        int cuts = data.consumeInt(0, 8);
        int[] at = new int[cuts];
        for (int i = 0; i < cuts; i++) {
            at[i] = data.consumeInt(0, 4096);
        }
        byte[] input = data.consumeRemainingAsBytes();
        byte[] buf = atEnd(input, 13);
        int off = buf.length - input.length;

        Request whole = new Request(8);
        int r = HttpParser.parseRequest(buf, off, input.length, whole, 0);
        checkResult(r, whole, input.length);

        // fed in growing prefixes, with lastLen as the server keeps it
        Request part = new Request(8);
        int seen = 0;
        int last = HttpParser.INCOMPLETE;
        java.util.Arrays.sort(at);
        for (int i = 0; i <= cuts && last == HttpParser.INCOMPLETE; i++) {
            int n = i < cuts ? Math.min(at[i], input.length) : input.length;
            if (n < seen) {
                continue;
            }
            byte[] prefix = atEnd(java.util.Arrays.copyOf(input, n), 5);
            last = HttpParser.parseRequest(prefix, prefix.length - n, n, part, seen);
            checkResult(last, part, n);
            seen = n;
        }
        if (last >= 0) {
            assertThat(r).as("a complete head parses the same whole").isEqualTo(last);
            assertThat(part.target()).isEqualTo(whole.target());
            assertThat(part.headerCount()).isEqualTo(whole.headerCount());
        } else if (last == HttpParser.ERROR) {
            assertThat(r).as("a refusal of a prefix is a refusal of the whole").isEqualTo(HttpParser.ERROR);
        } else if (r >= 0) {
            throw new AssertionError("whole parse found a request of " + r + " bytes, prefixes did not");
        }
    }

    static void checkResult(int r, Request req, int len) {
        if (r == HttpParser.ERROR) {
            assertThat(req.errorStatus()).isIn(400, 431, 505);
            return;
        }
        if (r == HttpParser.INCOMPLETE) {
            return;
        }
        assertThat(r).isBetween(1, len);
        // every accessor works on what was parsed, and a copy reads the same
        Request c = req.copy();
        assertThat(c.method()).isEqualTo(req.method());
        assertThat(c.target()).isEqualTo(req.target());
        assertThat(c.path()).isEqualTo(req.path());
        assertThat(c.query()).isEqualTo(req.query());
        assertThat(req.isPath(req.path())).isTrue();
        assertThat(req.target()).isNotEmpty();
        for (int i = 0; i < req.headerCount(); i++) {
            assertThat(c.headerName(i)).isEqualTo(req.headerName(i)).isNotEmpty();
            assertThat(c.headerValue(i)).isEqualTo(req.headerValue(i));
        }
        assertThat(req.minorVersion()).isBetween(0, 9);
    }

    /** {@code bytes} copied to the end of an array with {@code before} unrelated bytes in front. */
    static byte[] atEnd(byte[] bytes, int before) {
        byte[] b = new byte[before + bytes.length];
        java.util.Arrays.fill(b, 0, before, (byte) ' ');
        System.arraycopy(bytes, 0, b, before, bytes.length);
        return b;
    }
}
