package io.picoev.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Percent-decoding of URI components (RFC 3986 §2.1) into UTF-8 text: path segments, where
 * {@code +} is a plus sign, and query names and values
 * ({@code application/x-www-form-urlencoded}), where {@code +} is a space. A {@code %} not
 * followed by two hex digits is a {@link HttpStatusException} 400 naming what was being
 * decoded; invalid UTF-8 becomes U+FFFD.
 */
final class PercentDecoder {

    private PercentDecoder() {
    }

    /** Decodes {@code b[off, off+len)}; {@code what} names the component in a 400's reason. */
    static String decode(byte[] b, int off, int len, boolean plusIsSpace, String what) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] != '%' && !(plusIsSpace && b[i] == '+')) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[len];
        int n = i - off;
        System.arraycopy(b, off, out, 0, n);
        while (i < end) {
            byte c = b[i];
            if (c == '%') {
                int hi = i + 2 < end ? Ascii.hexValue(b[i + 1] & 0xff) : -1;
                int lo = hi >= 0 ? Ascii.hexValue(b[i + 2] & 0xff) : -1;
                if (lo < 0) {
                    throw new HttpStatusException(400, "malformed percent-encoding in the " + what);
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 3;
            } else {
                out[n++] = plusIsSpace && c == '+' ? (byte) ' ' : c;
                i++;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * The path {@code b[off, off+len)} (which starts with {@code /}) as decoded segments:
     * {@code /a/b%2Fc/} is {@code [a, b/c, ""]} and {@code /} is {@code [""]}. An encoded
     * {@code /} stays inside its segment.
     */
    static String[] segments(byte[] b, int off, int len) {
        List<String> segs = new ArrayList<>(8);
        int end = off + len;
        int start = off < end && b[off] == '/' ? off + 1 : off;
        for (int i = start; i <= end; i++) {
            if (i == end || b[i] == '/') {
                segs.add(decode(b, start, i - start, false, "path"));
                start = i + 1;
            }
        }
        return segs.toArray(String[]::new);
    }

    /** {@code name=value&…} decoded into {@code [name0, value0, name1, value1, …]}; a name without {@code =} has value "". */
    static String[] query(byte[] b, int off, int len) {
        List<String> pairs = new ArrayList<>(8);
        int end = off + len;
        int start = off;
        for (int i = off; i <= end; i++) {
            if (i == end || b[i] == '&') {
                if (i > start) {
                    int eq = start;
                    while (eq < i && b[eq] != '=') {
                        eq++;
                    }
                    pairs.add(decode(b, start, eq - start, true, "query"));
                    pairs.add(eq < i ? decode(b, eq + 1, i - eq - 1, true, "query") : "");
                }
                start = i + 1;
            }
        }
        return pairs.toArray(String[]::new);
    }
}
