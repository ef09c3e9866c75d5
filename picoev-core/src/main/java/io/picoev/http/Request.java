package io.picoev.http;

import io.picoev.Target;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    JsonCodec json;
    /** The connection the request came on, for its peer's address; set on the loop, kept by {@link #copy()}. */
    Target connection;

    /** The router that matched this request, and what it found: set on the loop, kept by {@link #copy()}. */
    Object routedBy;
    Object routeMatch;
    String route;
    /** Path variables, name then value; {@code null} when none. */
    String[] pathVariables;
    /** Decoded query parameters and cookies, name then value, parsed on first use. */
    private String[] queryPairs;
    private String[] cookiePairs;

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
        routedBy = null;
        routeMatch = null;
        route = null;
        pathVariables = null;
        queryPairs = null;
        cookiePairs = null;
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

    /**
     * The authority the request is for (RFC 9112 §3.2.2, §3.3): that of an absolute-form target
     * ({@code example.com:8080} for {@code http://example.com:8080/p}), which the server MUST use
     * even when {@code Host} differs; the target itself for {@code CONNECT}; else the
     * {@code Host} value as sent, which may be empty, or {@code null} when there is none
     * (HTTP/1.0).
     */
    public String authority() {
        if (targetLen > 0 && buf[targetOff] != '/' && buf[targetOff] != '*') {
            if (equalsAscii(methodOff, methodLen, "CONNECT", false)) {
                return target();
            }
            // absolute-form, checked by the parser: "http" or "https", "://", authority, then '/', '?' or the end
            int end = targetOff + targetLen;
            int a = targetOff;
            while (buf[a] != ':') {
                a++;
            }
            a += 3;
            int e = a;
            while (e < end && buf[e] != '/' && buf[e] != '?') {
                e++;
            }
            return ascii(a, e - a);
        }
        return header("Host");
    }

    /** Whether {@link #path()} is exactly {@code path}; allocation-free. */
    public boolean isPath(String path) {
        return equalsAscii(pathOff, pathLen, path, false);
    }

    /** The query of the target, after {@code ?} and still percent-encoded, or {@code null} when it has none. */
    public String query() {
        return queryOff < 0 ? null : ascii(queryOff, queryLen);
    }

    /**
     * The path before any {@code ?}, percent-decoded as UTF-8 ({@code /us%65rs/1} is
     * {@code /users/1}; {@code +} stays a plus). A malformed {@code %} is a 400.
     */
    public String decodedPath() {
        return PercentDecoder.decode(buf, pathOff, pathLen, false, "path");
    }

    /** The route pattern that matched, such as {@code /users/{id}}, or {@code null} before or without routing. */
    public String route() {
        return route;
    }

    /**
     * The value of path variable {@code name} of the matched route ({@code /users/{id}}),
     * percent-decoded; {@code null} when the route has no such variable.
     */
    public String pathVariable(String name) {
        String[] v = pathVariables;
        if (v != null) {
            for (int i = 0; i < v.length; i += 2) {
                if (v[i].equals(name)) {
                    return v[i + 1];
                }
            }
        }
        return null;
    }

    /** Path variable {@code name} as a {@code long}; missing or not a long: 400 naming the variable. */
    public long pathVariableLong(String name) {
        String v = pathVariable(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HttpStatusException(400, "path variable '" + name + "' must be a long");
        }
    }

    /** Every path variable of the matched route, in pattern order. */
    public Map<String, String> pathVariables() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] v = pathVariables;
        for (int i = 0; v != null && i < v.length; i += 2) {
            m.put(v[i], v[i + 1]);
        }
        return m;
    }

    /**
     * The first value of query parameter {@code name}, decoded ({@code %XX} as UTF-8, {@code +}
     * as a space), or {@code null} when absent; {@code ?flag} has the value "". A malformed
     * {@code %} is a 400.
     */
    public String queryParam(String name) {
        String[] q = queryPairs();
        for (int i = 0; i < q.length; i += 2) {
            if (q[i].equals(name)) {
                return q[i + 1];
            }
        }
        return null;
    }

    /** Every value of query parameter {@code name}, in order; empty when absent. */
    public List<String> queryParams(String name) {
        List<String> values = new ArrayList<>(2);
        String[] q = queryPairs();
        for (int i = 0; i < q.length; i += 2) {
            if (q[i].equals(name)) {
                values.add(q[i + 1]);
            }
        }
        return values;
    }

    /** Every query parameter, name to its values in order. */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        String[] q = queryPairs();
        for (int i = 0; i < q.length; i += 2) {
            m.computeIfAbsent(q[i], k -> new ArrayList<>(1)).add(q[i + 1]);
        }
        return m;
    }

    /** Query parameter {@code name} as an {@code int}; absent or not an int: 400 naming the parameter. */
    public int queryParamInt(String name) {
        return (int) queryParamLong(name, Integer.MIN_VALUE, Integer.MAX_VALUE, null, "an int");
    }

    /** Query parameter {@code name} as an {@code int}, or {@code defaultValue} when absent; not an int: 400. */
    public int queryParamInt(String name, int defaultValue) {
        return (int) queryParamLong(name, Integer.MIN_VALUE, Integer.MAX_VALUE, (long) defaultValue, "an int");
    }

    /** Query parameter {@code name} as a {@code long}; absent or not a long: 400 naming the parameter. */
    public long queryParamLong(String name) {
        return queryParamLong(name, Long.MIN_VALUE, Long.MAX_VALUE, null, "a long");
    }

    /** Query parameter {@code name} as a {@code long}, or {@code defaultValue} when absent; not a long: 400. */
    public long queryParamLong(String name, long defaultValue) {
        return queryParamLong(name, Long.MIN_VALUE, Long.MAX_VALUE, defaultValue, "a long");
    }

    /**
     * Query parameter {@code name} as a {@code boolean} ({@code true}/{@code false}, any case;
     * {@code ?flag} alone is true); absent or anything else: 400 naming the parameter.
     */
    public boolean queryParamBoolean(String name) {
        return queryParamBoolean(name, null);
    }

    /** As {@link #queryParamBoolean(String)}, or {@code defaultValue} when absent. */
    public boolean queryParamBoolean(String name, boolean defaultValue) {
        return queryParamBoolean(name, (Boolean) defaultValue);
    }

    private boolean queryParamBoolean(String name, Boolean defaultValue) {
        String v = required(name, defaultValue);
        if (v == null) {
            return defaultValue;
        }
        if (v.isEmpty() || v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new HttpStatusException(400, "query parameter '" + name + "' must be true or false");
    }

    private long queryParamLong(String name, long min, long max, Long defaultValue, String type) {
        String v = required(name, defaultValue);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpStatusException(400, "query parameter '" + name + "' must be " + type);
    }

    /** The value, or null when absent with a default; absent without one is a 400. */
    private String required(String name, Object defaultValue) {
        String v = queryParam(name);
        if (v == null && defaultValue == null) {
            throw new HttpStatusException(400, "query parameter '" + name + "' is required");
        }
        return v;
    }

    private String[] queryPairs() {
        if (queryPairs == null) {
            queryPairs = queryOff < 0 ? new String[0] : PercentDecoder.query(buf, queryOff, queryLen);
        }
        return queryPairs;
    }

    /** The value of request cookie {@code name} (RFC 6265 §5.4), or {@code null}. */
    public String cookie(String name) {
        String[] c = cookiePairs();
        for (int i = 0; i < c.length; i += 2) {
            if (c[i].equals(name)) {
                return c[i + 1];
            }
        }
        return null;
    }

    /** Every request cookie, name to value (the first of a name), from every {@code Cookie} header. */
    public Map<String, String> cookies() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] c = cookiePairs();
        for (int i = 0; i < c.length; i += 2) {
            m.putIfAbsent(c[i], c[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    private String[] cookiePairs() {
        if (cookiePairs == null) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < numHeaders; i++) {
                if (equalsAscii(headers[i * 4], headers[i * 4 + 1], "cookie", true)) {
                    Cookie.parse(headerValue(i), pairs);
                }
            }
            cookiePairs = pairs.toArray(String[]::new);
        }
        return cookiePairs;
    }

    /**
     * The body read as JSON into a {@code type} with the server's {@link JsonCodec} (the
     * application's Jackson {@code JsonMapper} under Spring Boot). An empty or malformed body,
     * or one that does not fit {@code type}, is a 400; no codec configured is an
     * {@link IllegalStateException}.
     */
    public <T> T bodyAs(Class<T> type) {
        JsonCodec codec = json;
        if (codec == null) {
            throw new IllegalStateException("no JsonCodec: add Jackson (spring-boot-starter-jackson) with the starter,"
                + " or set Config.Builder.jsonCodec");
        }
        if (bodyLen == 0) {
            throw new HttpStatusException(400, "required request body is missing");
        }
        try {
            return codec.read(body, bodyOff, bodyLen, type);
        } catch (Exception e) {
            throw new HttpStatusException(400, "malformed JSON request body", e);
        }
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

    /**
     * The client's address (the peer of the TCP connection, not a proxy's {@code Forwarded}
     * value), or {@code null} when the connection is gone or unknown.
     */
    public SocketAddress remoteAddress() {
        Target t = connection;
        return t == null ? null : t.remoteAddress();
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
        c.json = json;
        c.connection = connection;
        c.routedBy = routedBy;
        c.routeMatch = routeMatch;
        c.route = route;
        c.pathVariables = pathVariables;
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
