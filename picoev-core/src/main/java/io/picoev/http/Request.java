package io.picoev.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parsed HTTP/1.x request: offsets into a byte array, like picohttpparser's
 * {@code phr_parse_request} out-parameters. Nothing is copied and no {@code String} is made
 * until an accessor asks for one.
 *
 * <p>The loop reuses one {@code Request} per loop thread: it is valid only during the handler
 * call that received it. A handler that hands the request to another thread MUST take a
 * {@link #copy()} first.
 */
public final class Request {

    /** Marks a parse error that is not a plain 400: see {@link #errorStatus()}. */
    int errorStatus;

    byte[] buf;
    int methodOff;
    int methodLen;
    /** The request target as sent. */
    int targetOff;
    int targetLen;
    /** The path of the target: all of an origin-form one before {@code ?}, {@code *}, or empty for CONNECT. */
    int pathOff;
    int pathLen;
    /** The query after {@code ?}; {@code queryOff} is -1 when there is none. */
    int queryOff;
    int queryLen;
    int minorVersion;
    int numHeaders;
    /** Four ints a header: name offset, name length, value offset, value length. */
    final int[] headers;

    byte[] body = EMPTY;
    int bodyOff;
    int bodyLen;

    boolean keepAlive;
    Object userData;

    private static final byte[] EMPTY = new byte[0];

    /** Creates a request that can hold up to {@code maxHeaders} headers. */
    public Request(int maxHeaders) {
        this.headers = new int[maxHeaders * 4];
    }

    void reset() {
        errorStatus = 0;
        buf = EMPTY;
        methodOff = methodLen = targetOff = targetLen = pathOff = pathLen = queryLen = 0;
        queryOff = -1;
        minorVersion = -1;
        numHeaders = 0;
        body = EMPTY;
        bodyOff = bodyLen = 0;
        keepAlive = false;
    }

    /** Largest number of headers this request can hold. */
    public int maxHeaders() {
        return headers.length / 4;
    }

    /** The request method, such as {@code GET}. */
    public String method() {
        return ascii(methodOff, methodLen);
    }

    /** Whether the method is {@code method}, compared without allocating. */
    public boolean isMethod(String method) {
        return equalsAscii(methodOff, methodLen, method, false);
    }

    /**
     * The request target as sent (RFC 9112 §3.2): {@code /search?q=1}, or in its other forms
     * {@code http://example.com/search?q=1}, {@code example.com:443} (CONNECT) or {@code *} (OPTIONS).
     */
    public String target() {
        return ascii(targetOff, targetLen);
    }

    /**
     * The path of the target, without its query and still percent-encoded: {@code /search} for
     * both {@code /search?q=1} and {@code http://example.com/search?q=1}; {@code /} for
     * {@code http://example.com}; {@code *} for {@code OPTIONS *}; empty for {@code CONNECT}.
     */
    public String path() {
        return ascii(pathOff, pathLen);
    }

    /** Whether {@link #path()} is exactly {@code path}; allocation-free. */
    public boolean isPath(String path) {
        return equalsAscii(pathOff, pathLen, path, false);
    }

    /** The query of the target, after {@code ?} and still percent-encoded, or {@code null} when it has none. */
    public String query() {
        return queryOff < 0 ? null : ascii(queryOff, queryLen);
    }

    /** The minor HTTP version: 0 for HTTP/1.0, 1 for HTTP/1.1. */
    public int minorVersion() {
        return minorVersion;
    }

    /** Number of headers received. */
    public int headerCount() {
        return numHeaders;
    }

    /** Name of header {@code i}, as sent. */
    public String headerName(int i) {
        checkHeader(i);
        return ascii(headers[i * 4], headers[i * 4 + 1]);
    }

    /** Value of header {@code i}, without leading and trailing white space. */
    public String headerValue(int i) {
        checkHeader(i);
        return latin1(headers[i * 4 + 2], headers[i * 4 + 3]);
    }

    /** Index of the first header named {@code name} (ASCII case-insensitive), or -1. */
    public int indexOfHeader(String name) {
        for (int i = 0; i < numHeaders; i++) {
            if (equalsAscii(headers[i * 4], headers[i * 4 + 1], name, true)) {
                return i;
            }
        }
        return -1;
    }

    /** Value of the first header named {@code name} (case-insensitive), or {@code null}. */
    public String header(String name) {
        int i = indexOfHeader(name);
        return i < 0 ? null : headerValue(i);
    }

    /** Whether the first header named {@code name} has exactly {@code value} (case-insensitive). */
    public boolean headerEquals(String name, String value) {
        int i = indexOfHeader(name);
        return i >= 0 && equalsAscii(headers[i * 4 + 2], headers[i * 4 + 3], value, true);
    }

    /** Whether the connection stays open after this request's response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** The server's {@code userData} from its config (the seed's {@code user_data}). */
    public Object userData() {
        return userData;
    }

    /** Body length in bytes; 0 when there is none. Chunked bodies are already decoded. */
    public int bodyLength() {
        return bodyLen;
    }

    /** A read-only view of the body; valid only during the handler call. */
    public ByteBuffer body() {
        return ByteBuffer.wrap(body, bodyOff, bodyLen).slice().asReadOnlyBuffer();
    }

    /** A copy of the body bytes. */
    public byte[] bodyBytes() {
        return Arrays.copyOfRange(body, bodyOff, bodyOff + bodyLen);
    }

    /** The body decoded as UTF-8. */
    public String bodyString() {
        return new String(body, bodyOff, bodyLen, StandardCharsets.UTF_8);
    }

    /** The array the offsets below point into; for allocation-free readers such as routers. */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the request target in {@link #buffer()}. */
    public int targetOffset() {
        return targetOff;
    }

    /** Length of the request target as sent. */
    public int targetLength() {
        return targetLen;
    }

    /** Offset of {@link #path()} in {@link #buffer()}. */
    public int pathOffset() {
        return pathOff;
    }

    /** Length of {@link #path()}. */
    public int pathLength() {
        return pathLen;
    }

    /** Offset of {@link #query()} in {@link #buffer()}, or -1 when the target has no query. */
    public int queryOffset() {
        return queryOff;
    }

    /** Length of {@link #query()}; 0 when there is none. */
    public int queryLength() {
        return queryLen;
    }

    /** Offset of the method in {@link #buffer()}. */
    public int methodOffset() {
        return methodOff;
    }

    /** Length of the method. */
    public int methodLength() {
        return methodLen;
    }

    /**
     * The status a failed parse calls for (400, 431 or 505), or 0 while none is set.
     * Filled by {@link HttpParser} when it returns -1.
     */
    public int errorStatus() {
        return errorStatus;
    }

    /**
     * A copy that owns its bytes (the head and the body, nothing else of the read buffer), safe
     * to keep after the handler returns or to use on another thread.
     */
    public Request copy() {
        int start = methodOff;
        int end = targetOff + targetLen;
        for (int i = 0; i < numHeaders; i++) {
            end = Math.max(end, headers[i * 4 + 2] + headers[i * 4 + 3]);
        }
        Request c = new Request(Math.max(1, numHeaders));
        c.buf = Arrays.copyOfRange(buf, start, end);
        c.methodOff = methodOff - start;
        c.methodLen = methodLen;
        c.targetOff = targetOff - start;
        c.targetLen = targetLen;
        c.pathOff = pathOff - start;
        c.pathLen = pathLen;
        c.queryOff = queryOff < 0 ? -1 : queryOff - start;
        c.queryLen = queryLen;
        c.minorVersion = minorVersion;
        c.numHeaders = numHeaders;
        for (int i = 0; i < numHeaders * 4; i += 2) {
            c.headers[i] = headers[i] - start;
            c.headers[i + 1] = headers[i + 1];
        }
        c.body = bodyBytes();
        c.bodyOff = 0;
        c.bodyLen = bodyLen;
        c.keepAlive = keepAlive;
        c.userData = userData;
        c.errorStatus = errorStatus;
        return c;
    }

    @Override
    public String toString() {
        return method() + " " + target() + " HTTP/1." + minorVersion;
    }

    private void checkHeader(int i) {
        if (i < 0 || i >= numHeaders) {
            throw new IndexOutOfBoundsException("header " + i + " of " + numHeaders);
        }
    }

    /** One char per byte, as {@link #equalsAscii} compares: a target's obs-text stays what it was, not U+FFFD. */
    private String ascii(int off, int len) {
        return new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }

    private String latin1(int off, int len) {
        return new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }

    boolean equalsAscii(int off, int len, String s, boolean ignoreCase) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int a = buf[off + i] & 0xff;
            int b = s.charAt(i);
            if (a != b && !(ignoreCase && Ascii.lower(a) == Ascii.lower(b))) {
                return false;
            }
        }
        return true;
    }
}
