package io.picoev.http;

/**
 * An HTTP/1.x request-head parser in the manner of picohttpparser's {@code phr_parse_request}:
 * small static methods over a byte array and offsets, no allocation, no state but what the
 * caller keeps ({@code lastLen}).
 *
 * <p>Every method returns the number of bytes consumed, {@link #ERROR} (-1) when the bytes are
 * not a valid request, or {@link #INCOMPLETE} (-2) when more bytes are needed.
 *
 * <p>Stricter than picohttpparser where RFC 9112 asks a server to be: obs-fold (a header line
 * starting with white space) is rejected, and a major version other than 1 is reported as 505.
 */
public final class HttpParser {

    /** The bytes are not a valid request. */
    public static final int ERROR = -1;
    /** The request is not complete yet. */
    public static final int INCOMPLETE = -2;

    private HttpParser() {
    }

    /**
     * Parses the request line and headers in {@code buf[off, off+len)} into {@code out}.
     *
     * @param lastLen how many of these bytes an earlier call already saw and found incomplete
     *     (0 the first time); only the new bytes are searched for the end of the head before
     *     a full parse is tried, which keeps a slow client from costing O(n²)
     * @return bytes consumed by the head (the body, if any, starts there), -1 or -2; on -1
     *     {@link Request#errorStatus()} says whether 400, 431 (too many headers) or 505 fits
     */
    public static int parseRequest(byte[] buf, int off, int len, Request out, int lastLen) {
        out.reset();
        out.buf = buf;
        int end = off + len;
        if (lastLen != 0 && !isComplete(buf, off, end, lastLen)) {
            return INCOMPLETE;
        }
        int p = off;
        // skip one empty line: some clients send CRLF after a POST body
        if (p < end && buf[p] == '\r') {
            if (++p == end) {
                return INCOMPLETE;
            }
            if (buf[p++] != '\n') {
                return error(out, 400);
            }
        } else if (p < end && buf[p] == '\n') {
            p++;
        }
        // method
        int start = p;
        while (true) {
            if (p == end) {
                return INCOMPLETE;
            }
            int c = buf[p] & 0xff;
            if (c == ' ') {
                break;
            }
            if (!Ascii.TOKEN[c]) {
                return error(out, 400);
            }
            p++;
        }
        out.methodOff = start;
        out.methodLen = p - start;
        p = skipSpaces(buf, p, end);
        if (p == end) {
            return INCOMPLETE;
        }
        // request target: anything visible, obs-text too, no CTL or DEL
        start = p;
        while (true) {
            if (p == end) {
                return INCOMPLETE;
            }
            int c = buf[p] & 0xff;
            if (c == ' ') {
                break;
            }
            if (c < 0x20 || c == 0x7f) {
                return error(out, 400);
            }
            p++;
        }
        out.targetOff = start;
        out.targetLen = p - start;
        p = skipSpaces(buf, p, end);
        if (out.methodLen == 0 || out.targetLen == 0) {
            return error(out, 400);
        }
        p = parseVersion(buf, p, end, out);
        if (p < 0) {
            return p;
        }
        if (!parseTarget(buf, out.targetOff, out.targetOff + out.targetLen, out)) {
            return error(out, 400);
        }
        p = expectEol(buf, p, end);
        if (p < 0) {
            return p == INCOMPLETE ? p : error(out, 400);
        }
        return parseHeaders(buf, p, end, out, off);
    }

    /**
     * Tells the four forms of request target apart (RFC 9112 §3.2) and marks the path and the
     * query in {@code out}: origin-form {@code /p?q}; absolute-form {@code http://host/p?q}, whose
     * path routes as the origin-form's would (an empty one is {@code /}, RFC 9112 §3.3);
     * authority-form {@code host:port}, for {@code CONNECT} only and with an empty path; and
     * asterisk-form {@code *}, for {@code OPTIONS} only. False for anything else.
     */
    private static boolean parseTarget(byte[] buf, int start, int end, Request out) {
        out.queryOff = -1;
        if (out.equalsAscii(out.methodOff, out.methodLen, "CONNECT", false)) {
            out.pathOff = start;
            return Authority.isAuthorityForm(buf, start, end);
        }
        if (buf[start] == '*' && end - start == 1) {
            out.pathOff = start;
            out.pathLen = 1;
            return out.equalsAscii(out.methodOff, out.methodLen, "OPTIONS", false);
        }
        int p = start;
        if (buf[p] != '/') {
            // absolute-form: "http" or "https", "://", a non-empty authority, then path-abempty
            p = schemeEnd(buf, p, end);
            if (p < 0) {
                return false;
            }
            int authority = p;
            while (p < end && buf[p] != '/' && buf[p] != '?') {
                p++;
            }
            if (!Authority.isServerAuthority(buf, authority, p)) {
                return false;
            }
            if (p == end || buf[p] == '?') {
                // no path: it is "/", and the second slash of "://" spells it without a copy
                out.pathOff = authority - 1;
                out.pathLen = 1;
                if (p < end) {
                    out.queryOff = p + 1;
                    out.queryLen = end - p - 1;
                }
                return true;
            }
        }
        int q = p;
        while (q < end && buf[q] != '?') {
            q++;
        }
        out.pathOff = p;
        out.pathLen = q - p;
        if (q < end) {
            out.queryOff = q + 1;
            out.queryLen = end - q - 1;
        }
        return true;
    }

    /** After {@code http://} or {@code https://} (any case) at {@code p}: where the authority starts, or -1. */
    private static int schemeEnd(byte[] buf, int p, int end) {
        final String http = "http";
        for (int i = 0; i < http.length(); i++, p++) {
            if (p == end || Ascii.lower(buf[p] & 0xff) != http.charAt(i)) {
                return -1;
            }
        }
        if (p < end && (buf[p] | 0x20) == 's') {
            p++;
        }
        if (end - p < 3 || buf[p] != ':' || buf[p + 1] != '/' || buf[p + 2] != '/') {
            return -1;
        }
        return p + 3;
    }

    /** Parses {@code HTTP/x.y}; leaves the minor version in {@code out}. */
    private static int parseVersion(byte[] buf, int p, int end, Request out) {
        // "HTTP/" DIGIT "." DIGIT
        final String prefix = "HTTP/";
        for (int i = 0; i < prefix.length(); i++, p++) {
            if (p == end) {
                return INCOMPLETE;
            }
            if (buf[p] != prefix.charAt(i)) {
                return error(out, 400);
            }
        }
        if (p + 3 > end) {
            return p == end || isDigit(buf[p]) && (p + 1 == end || buf[p + 1] == '.') ? INCOMPLETE : error(out, 400);
        }
        if (!isDigit(buf[p]) || buf[p + 1] != '.' || !isDigit(buf[p + 2])) {
            return error(out, 400);
        }
        if (buf[p] != '1') {
            return error(out, 505);
        }
        out.minorVersion = buf[p + 2] - '0';
        return p + 3;
    }

    /** Parses header lines up to and including the empty line; returns bytes consumed since {@code off}. */
    private static int parseHeaders(byte[] buf, int p, int end, Request out, int off) {
        int[] h = out.headers;
        int max = h.length / 4;
        int n = 0;
        while (true) {
            if (p == end) {
                return INCOMPLETE;
            }
            int c = buf[p] & 0xff;
            if (c == '\r' || c == '\n') {
                p = expectEol(buf, p, end);
                if (p < 0) {
                    return p == INCOMPLETE ? p : error(out, 400);
                }
                out.numHeaders = n;
                return p - off;
            }
            if (n == max) {
                return error(out, 431);
            }
            // name: a token up to ':', no white space before the colon
            int start = p;
            while (true) {
                if (p == end) {
                    return INCOMPLETE;
                }
                c = buf[p] & 0xff;
                if (c == ':') {
                    break;
                }
                if (!Ascii.TOKEN[c]) {
                    return error(out, 400); // also obs-fold: a line starting with SP or HTAB
                }
                p++;
            }
            if (p == start) {
                return error(out, 400);
            }
            h[n * 4] = start;
            h[n * 4 + 1] = p - start;
            p++;
            // value: skip leading SP/HTAB, stop at CRLF or LF, trim trailing SP/HTAB
            while (p < end && (buf[p] == ' ' || buf[p] == '\t')) {
                p++;
            }
            start = p;
            while (true) {
                if (p == end) {
                    return INCOMPLETE;
                }
                c = buf[p] & 0xff;
                if (!Ascii.isFieldValueChar(c)) {
                    break;
                }
                p++;
            }
            int valueEnd = p;
            p = expectEol(buf, p, end);
            if (p < 0) {
                return p == INCOMPLETE ? p : error(out, 400);
            }
            while (valueEnd > start && (buf[valueEnd - 1] == ' ' || buf[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            h[n * 4 + 2] = start;
            h[n * 4 + 3] = valueEnd - start;
            n++;
            out.numHeaders = n;
        }
    }

    /** Accepts CRLF or a bare LF at {@code p}; returns the position after it, -2, or -1. */
    static int expectEol(byte[] buf, int p, int end) {
        if (p == end) {
            return INCOMPLETE;
        }
        if (buf[p] == '\n') {
            return p + 1;
        }
        if (buf[p] != '\r') {
            return ERROR;
        }
        if (p + 1 == end) {
            return INCOMPLETE;
        }
        return buf[p + 1] == '\n' ? p + 2 : ERROR;
    }

    /**
     * picohttpparser's {@code is_complete}: whether an empty line ends the head, searching only
     * from three bytes before the part already seen.
     */
    static boolean isComplete(byte[] buf, int off, int end, int lastLen) {
        int p = lastLen < 3 ? off : off + lastLen - 3;
        int eols = 0;
        while (p < end) {
            byte c = buf[p++];
            if (c == '\r') {
                if (p == end) {
                    return false;
                }
                if (buf[p++] != '\n') {
                    return true; // not valid: let the full parse report it
                }
                eols++;
            } else if (c == '\n') {
                eols++;
            } else {
                eols = 0;
            }
            if (eols == 2) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpaces(byte[] buf, int p, int end) {
        while (p < end && buf[p] == ' ') {
            p++;
        }
        return p;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int error(Request out, int status) {
        out.errorStatus = status;
        return ERROR;
    }
}
