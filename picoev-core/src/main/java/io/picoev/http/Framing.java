package io.picoev.http;

/**
 * Reads the headers that decide how a request is framed and whether its connection stays
 * open (RFC 9112 §6, §9.3), once per request, without allocating. Reused per loop.
 */
final class Framing {

    long contentLength;
    boolean chunked;
    boolean keepAlive;
    boolean expectContinue;
    /** Why the request must be refused, when {@link #read} returned a status. */
    String problem;

    /** Fills the fields from {@code req}'s headers; returns 0, or the status to refuse it with. */
    int read(Request req) {
        contentLength = -1;
        chunked = false;
        expectContinue = false;
        problem = null;
        boolean close = false;
        boolean keepAliveToken = false;
        boolean transferEncoding = false;
        int hosts = 0;
        byte[] b = req.buf;
        int[] h = req.headers;
        for (int i = 0; i < req.numHeaders; i++) {
            int nameOff = h[i * 4];
            int nameLen = h[i * 4 + 1];
            int off = h[i * 4 + 2];
            int len = h[i * 4 + 3];
            switch (nameLen) {
                case 4 -> {
                    if (req.equalsAscii(nameOff, 4, "host", true)) {
                        if (!Authority.isHost(b, off, off + len)) {
                            return refuse(400, "Host is not uri-host [\":\" port]");
                        }
                        hosts++;
                    }
                }
                case 6 -> {
                    if (req.equalsAscii(nameOff, 6, "expect", true)) {
                        if (!req.equalsAscii(off, len, "100-continue", true)) {
                            return refuse(417, "unknown expectation");
                        }
                        expectContinue = true;
                    }
                }
                case 10 -> {
                    if (req.equalsAscii(nameOff, 10, "connection", true)) {
                        close |= hasToken(b, off, len, "close");
                        keepAliveToken |= hasToken(b, off, len, "keep-alive");
                    }
                }
                case 14 -> {
                    if (req.equalsAscii(nameOff, 14, "content-length", true)) {
                        long v = parseLength(b, off, len);
                        if (v < 0) {
                            return refuse(400, "Content-Length is not a number");
                        }
                        if (contentLength >= 0 && contentLength != v) {
                            return refuse(400, "several Content-Length headers differ");
                        }
                        contentLength = v;
                    }
                }
                case 17 -> {
                    if (req.equalsAscii(nameOff, 17, "transfer-encoding", true)) {
                        if (transferEncoding) {
                            return refuse(400, "several Transfer-Encoding headers");
                        }
                        transferEncoding = true;
                        if (req.equalsAscii(off, len, "chunked", true)) {
                            chunked = true;
                        } else if (endsWithChunked(b, off, len)) {
                            return refuse(501, "only the chunked transfer coding is implemented");
                        } else {
                            return refuse(400, "Transfer-Encoding does not end with chunked");
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (transferEncoding && contentLength >= 0) {
            return refuse(400, "both Transfer-Encoding and Content-Length");
        }
        if (transferEncoding && req.minorVersion == 0) {
            return refuse(400, "Transfer-Encoding in an HTTP/1.0 request");
        }
        if (req.minorVersion >= 1 && hosts != 1) {
            return refuse(400, hosts == 0 ? "HTTP/1.1 request without Host" : "several Host headers");
        }
        keepAlive = req.minorVersion >= 1 ? !close : keepAliveToken && !close;
        return 0;
    }

    private int refuse(int status, String why) {
        problem = why;
        return status;
    }

    /** Digits only, at most 18 of them; -1 otherwise. */
    private static long parseLength(byte[] b, int off, int len) {
        if (len == 0 || len > 18) {
            return -1;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Whether the comma-separated list in {@code b[off, off+len)} holds {@code token}, any case. */
    static boolean hasToken(byte[] b, int off, int len, String token) {
        int end = off + len;
        int p = off;
        while (p < end) {
            while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == ',')) {
                p++;
            }
            int start = p;
            while (p < end && b[p] != ',') {
                p++;
            }
            int e = p;
            while (e > start && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                e--;
            }
            if (e - start == token.length() && regionEquals(b, start, token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithChunked(byte[] b, int off, int len) {
        int e = off + len;
        return len > 7 && regionEquals(b, e - 7, "chunked") && (b[e - 8] == ',' || b[e - 8] == ' ' || b[e - 8] == '\t');
    }

    private static boolean regionEquals(byte[] b, int at, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if (Ascii.lower(b[at + i] & 0xff) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
