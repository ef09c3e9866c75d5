package io.picoev.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** A random but valid chunked encoder (RFC 9112 §7.1) for the property tests. */
public final class ChunkedEncoding {

    private ChunkedEncoding() {
    }

    /** {@code body} as random chunks, maybe with extensions (with BWS and quoted values) and trailers. */
    public static byte[] encode(byte[] body, Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 0;
        while (p < body.length) {
            int n = Math.min(body.length - p, 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 2000));
            String size = Integer.toHexString(n);
            if (rnd.nextInt(4) == 0) {
                size = size.toUpperCase();
            }
            if (rnd.nextInt(5) == 0) {
                size = "0".repeat(rnd.nextInt(15 - size.length() + 1)) + size;
            }
            write(out, size);
            if (rnd.nextInt(4) == 0) {
                String bws = rnd.nextBoolean() ? " \t" : "";
                write(out, bws + ";" + bws + "ext" + rnd.nextInt(100) + (rnd.nextBoolean() ? bws + "=" + bws + "\"v; \\\"\"" : ""));
            }
            write(out, eol(rnd));
            out.write(body, p, n);
            write(out, eol(rnd));
            p += n;
        }
        write(out, "0" + eol(rnd));
        for (int t = rnd.nextInt(3); t > 0; t--) {
            write(out, "Trailer-" + t + ": v" + eol(rnd));
        }
        write(out, eol(rnd));
        return out.toByteArray();
    }

    /** Always CRLF: a bare LF in the framing is refused (see {@link ChunkedDecoder}); rnd is drawn to keep seeds stable. */
    private static String eol(Random rnd) {
        rnd.nextInt(5);
        return "\r\n";
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
