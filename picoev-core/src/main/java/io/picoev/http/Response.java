package io.picoev.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Writes one HTTP/1.1 response straight into the loop's output buffer, in the manner of the
 * seed's {@code picohttpparser.Response}:
 * {@code res.httpOk().headerDate().plain().body("Hello")}, or in one call
 * {@code res.send(200, "text/plain", "Hello")}.
 *
 * <p>{@code body(..)} and {@code end()} close the head: they add {@code Date} and
 * {@code Server} unless the handler wrote them, {@code Connection} when the connection's fate
 * needs saying, and {@code Content-Length}. {@code Content-Length} and
 * {@code Transfer-Encoding} are the server's to write. A {@code HEAD} request gets the head
 * only. Header names must be tokens and values may not hold CR, LF or NUL: anything else is an
 * {@link IllegalArgumentException}, so a handler cannot split a response.
 *
 * <p>A handler that returns without finishing its response gets it finished: an open head is
 * ended with an empty body, an untouched response becomes a 500. Nothing here allocates for
 * byte or ASCII bodies. Loop-confined: one instance per loop, valid during the handler call.
 */
public final class Response {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DATE = ascii("Date: ");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] TEXT_PLAIN = ascii("text/plain");
    private static final byte[] APPLICATION_JSON = ascii("application/json");
    private static final byte[] TEXT_HTML = ascii("text/html");
    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");

    private static final int IDLE = 0;
    private static final int HEAD = 1;
    private static final int COMPLETE = 2;

    byte[] buf;
    int pos;
    private final int initialSize;
    private final HttpDate date;
    private final byte[] serverLine;

    private int start;
    private int state;
    private int status;
    /** Answering a CONNECT, where a 2xx would promise a tunnel. */
    boolean connect;
    private boolean headRequest;
    private boolean keepAlive;
    private boolean http10;
    private boolean dateWritten;
    private boolean serverWritten;
    private boolean connectionWritten;
    /** The server's JSON codec, or null. */
    JsonCodec json;
    private ByteSink jsonOut;
    /** Headers every answer to the current request carries, name then value (CORS): see {@link #presetHeader}. */
    private String[] preset;
    private int presetCount;
    /** Whether the server is stopping: every answer then says {@code Connection: close}; read when the head ends. */
    private BooleanSupplier closing = () -> false;

    /**
     * A response writer over a buffer of {@code initialSize} bytes that grows for large
     * responses; {@code serverHeader} is the {@code Server} value, or empty for none.
     */
    public Response(int initialSize, HttpDate date, String serverHeader) {
        this.initialSize = initialSize;
        this.buf = new byte[initialSize];
        this.date = date;
        this.serverLine = serverHeader == null || serverHeader.isEmpty() ? null
            : ascii("Server: " + checkValue("Server", serverHeader) + "\r\n");
    }

    /** Makes the answers this writer ends say {@code Connection: close} once {@code closing} is true. */
    Response closing(BooleanSupplier closing) {
        this.closing = closing;
        return this;
    }

    /** Starts a response to a request: remembers where it begins so it can be discarded. */
    void begin(boolean headRequest, boolean keepAlive, boolean http10) {
        this.start = pos;
        this.state = IDLE;
        this.status = 0;
        this.headRequest = headRequest;
        this.keepAlive = keepAlive;
        this.http10 = http10;
        this.dateWritten = false;
        this.serverWritten = false;
        this.connectionWritten = false;
        this.presetCount = 0;
        this.connect = false;
    }

    /** Drops whatever this response wrote so far, so another can be written in its place. */
    void discard() {
        pos = start;
        state = IDLE;
        status = 0;
        dateWritten = serverWritten = connectionWritten = false;
    }

    /** Whether the connection stays open after this response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** The status written, or 0 before any. */
    public int status() {
        return status;
    }

    /**
     * Writes the status line; must come first.
     *
     * @throws HttpException 501 for a 2xx to {@code CONNECT}: it would announce a tunnel
     *     (RFC 9110 §9.3.6) and this server opens none
     */
    public Response status(int code) {
        if (state != IDLE) {
            throw new IllegalStateException("status line already written");
        }
        if (connect && code >= 200 && code < 300) {
            throw new HttpException(501, "CONNECT answered " + code + ", but picoev opens no tunnels");
        }
        write(HttpStatus.line(code));
        status = code;
        state = HEAD;
        for (int i = 0; i < presetCount; i += 2) {
            header(preset[i], preset[i + 1]);
        }
        return this;
    }

    /**
     * A header for whatever answer this request gets, written right after the status line,
     * including an error answer written in place of the handler's: for code that runs before the
     * handler, such as CORS. Checked as {@link #header}; call before the status line.
     */
    public Response presetHeader(String name, String value) {
        if (state != IDLE) {
            throw new IllegalStateException("presetHeader() after the status line: use header()");
        }
        checkName(name);
        checkValue(name, value);
        if (preset == null || presetCount == preset.length) {
            preset = preset == null ? new String[8] : Arrays.copyOf(preset, preset.length * 2);
        }
        preset[presetCount++] = name;
        preset[presetCount++] = value;
        return this;
    }

    /** Adds a {@code Set-Cookie} header for {@code cookie}. */
    public Response cookie(Cookie cookie) {
        return header("Set-Cookie", cookie.toString());
    }

    /** {@code HTTP/1.1 200 OK} (the seed's {@code http_ok}). */
    public Response httpOk() {
        return status(200);
    }

    /** Adds a header; name must be a token, value free of CR, LF and NUL. */
    public Response header(CharSequence name, CharSequence value) {
        requireHead();
        checkName(name);
        checkValue(name, value);
        if (Ascii.equalsIgnoreCase(name, "content-length") || Ascii.equalsIgnoreCase(name, "transfer-encoding")) {
            throw new IllegalArgumentException(name + " is written by body()/end(), not by header()");
        }
        if (Ascii.equalsIgnoreCase(name, "connection")) {
            connectionWritten = true;
            if (Ascii.containsIgnoreCase(value, "close")) {
                keepAlive = false;
            }
        } else if (Ascii.equalsIgnoreCase(name, "date")) {
            dateWritten = true;
        } else if (Ascii.equalsIgnoreCase(name, "server")) {
            serverWritten = true;
        }
        writeAscii(name);
        write((byte) ':');
        write((byte) ' ');
        writeAscii(value);
        write(CRLF);
        return this;
    }

    /** Adds {@code Date} with the loop's cached IMF-fixdate. */
    public Response headerDate() {
        requireHead();
        write(DATE);
        write(date.bytes());
        write(CRLF);
        dateWritten = true;
        return this;
    }

    /** Adds {@code Server} as configured (nothing when the server header is off). */
    public Response headerServer() {
        requireHead();
        if (serverLine != null) {
            write(serverLine);
        }
        serverWritten = true;
        return this;
    }

    /** Adds {@code Content-Type}. */
    public Response contentType(CharSequence type) {
        requireHead();
        checkValue("Content-Type", type);
        write(CONTENT_TYPE);
        writeAscii(type);
        write(CRLF);
        return this;
    }

    /** {@code Content-Type: text/plain}. */
    public Response plain() {
        return contentType(TEXT_PLAIN);
    }

    /** {@code Content-Type: application/json}. */
    public Response json() {
        return contentType(APPLICATION_JSON);
    }

    /**
     * Writes {@code value} as the JSON body with the server's {@link JsonCodec} (under Spring
     * Boot, the application's Jackson {@code JsonMapper}): {@code res.json(user)} is a 200, and
     * after {@code status(201)} (and headers) it is that status. A value the codec cannot write
     * is an exception, answered 500; no codec configured is an {@link IllegalStateException}.
     */
    public Response json(Object value) throws Exception {
        if (state == IDLE) {
            status(200);
        }
        JsonCodec codec = json;
        if (codec == null) {
            throw new IllegalStateException("no JsonCodec: add Jackson (spring-boot-starter-jackson) with the starter,"
                + " or set Config.Builder.jsonCodec");
        }
        if (jsonOut == null) {
            jsonOut = new ByteSink();
        }
        jsonOut.reset();
        codec.write(value, jsonOut);
        contentType(APPLICATION_JSON);
        return body(jsonOut.buf, 0, jsonOut.size);
    }

    /** Writes a whole JSON response: {@code status(status).json(value)}. */
    public Response send(int status, Object value) throws Exception {
        return status(status).json(value);
    }

    /** {@code Content-Type: text/html}. */
    public Response html() {
        return contentType(TEXT_HTML);
    }

    private Response contentType(byte[] type) {
        requireHead();
        write(CONTENT_TYPE);
        write(type);
        write(CRLF);
        return this;
    }

    /** Ends the head with {@code Content-Length} and writes {@code body}. */
    public Response body(byte[] body) {
        return body(body, 0, body.length);
    }

    /** Ends the head with {@code Content-Length} and writes {@code body[off, off+len)}. */
    public Response body(byte[] body, int off, int len) {
        Objects.checkFromIndexSize(off, len, body.length);
        if (endHead(len)) {
            write(body, off, len);
        }
        return this;
    }

    /** Ends the head and writes {@code body} encoded as UTF-8. */
    public Response body(String body) {
        int len = Utf8.length(body);
        if (endHead(len)) {
            ensure(len);
            pos = Utf8.encode(body, buf, pos);
        }
        return this;
    }

    /** Ends the head and writes the remaining bytes of {@code body}, leaving its position alone. */
    public Response body(ByteBuffer body) {
        int len = body.remaining();
        if (endHead(len)) {
            ensure(len);
            body.get(body.position(), buf, pos, len);
            pos += len;
        }
        return this;
    }

    /** Ends the response: an open head gets an empty body. */
    public void end() {
        if (state == IDLE) {
            throw new IllegalStateException("end() before a status line: nothing to end");
        }
        if (state == HEAD) {
            endHead(0);
        }
    }

    /** Writes a whole response: status, {@code Content-Type}, {@code Date}, {@code Server}, body. */
    public Response send(int status, CharSequence contentType, byte[] body) {
        return status(status).contentType(contentType).body(body);
    }

    /** Writes a whole response with a UTF-8 body. */
    public Response send(int status, CharSequence contentType, String body) {
        return status(status).contentType(contentType).body(body);
    }

    /** Writes a whole response with the remaining bytes of {@code body}. */
    public Response send(int status, CharSequence contentType, ByteBuffer body) {
        return status(status).contentType(contentType).body(body);
    }

    /** A complete {@code 404 Not Found}, replacing anything written so far. */
    public Response http404() {
        return canned(404);
    }

    /** A complete {@code 405 Method Not Allowed}, replacing anything written so far. */
    public Response http405() {
        return canned(405);
    }

    /** A complete {@code 500 Internal Server Error}, replacing anything written so far. */
    public Response http500() {
        return canned(500);
    }

    private Response canned(int code) {
        discard();
        status(code);
        endHead(0);
        return this;
    }

    /** Appends bytes verbatim: the caller writes a whole, valid response and owns framing. */
    public Response raw(byte[] bytes) {
        write(bytes);
        state = COMPLETE;
        return this;
    }

    /** Appends an ASCII/Latin-1 string verbatim; see {@link #raw(byte[])}. */
    public Response raw(String s) {
        writeAscii(s);
        state = COMPLETE;
        return this;
    }

    /** Appends bytes another response wrote (an answer coming back from an executor). */
    void append(byte[] bytes, int off, int len) {
        write(bytes, off, len);
    }

    /** Writes {@code 100 Continue} ahead of the final response. */
    void writeContinue() {
        write(CONTINUE);
    }

    /**
     * Completes the response after the handler returned: an open head gets an empty body.
     * Returns false when the handler wrote nothing at all, which the caller answers as an error.
     */
    boolean finish() {
        if (state == HEAD) {
            endHead(0);
        }
        return state != IDLE;
    }

    /** Adds the headers the server owns and {@code Content-Length}; false when no body may follow. */
    private boolean endHead(int length) {
        requireHead();
        if (!dateWritten) {
            headerDate();
        }
        if (!serverWritten && serverLine != null) {
            write(serverLine);
        }
        if (keepAlive && closing.getAsBoolean()) {
            keepAlive = false; // a graceful stop began while the handler ran: this is the last answer
        }
        if (!connectionWritten) {
            if (!keepAlive) {
                write(CONNECTION_CLOSE);
            } else if (http10) {
                write(CONNECTION_KEEP_ALIVE);
            }
        }
        boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
        if (bodyAllowed) {
            write(CONTENT_LENGTH);
            writeInt(length);
            write(CRLF);
        }
        write(CRLF);
        state = COMPLETE;
        return bodyAllowed && !headRequest;
    }

    private void requireHead() {
        if (state != HEAD) {
            throw new IllegalStateException(state == IDLE ? "status line not written yet" : "response already complete");
        }
    }

    /** Bytes written into the buffer since the last flush. */
    int size() {
        return pos;
    }

    /** Forgets the flushed bytes; shrinks a buffer a large response grew. */
    void reset() {
        pos = 0;
        start = 0;
        if (buf.length > initialSize * 4) {
            buf = new byte[initialSize];
        }
    }

    /** Hands the buffer over (to a connection that must send it later) and starts a fresh one. */
    byte[] takeBuffer() {
        byte[] b = buf;
        buf = new byte[initialSize];
        pos = 0;
        start = 0;
        return b;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            long want = Math.max((long) pos + n, 2L * buf.length);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("response larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    private void write(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void write(byte[] b) {
        write(b, 0, b.length);
    }

    private void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void writeAscii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void writeInt(long v) {
        ensure(20);
        if (v == 0) {
            buf[pos++] = '0';
            return;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) {
            digits++;
        }
        int p = pos + digits;
        for (long t = v; t > 0; t /= 10) {
            buf[--p] = (byte) ('0' + t % 10);
        }
        pos += digits;
    }

    private static void checkName(CharSequence name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Ascii.isToken(name.charAt(i))) {
                throw new IllegalArgumentException("header name '" + name + "' has a character not allowed in a token at " + i);
            }
        }
    }

    private static CharSequence checkValue(CharSequence name, CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff || !Ascii.isFieldValueChar(c)) {
                throw new IllegalArgumentException("header " + name + " value has a forbidden character (CR, LF, NUL,"
                    + " another control or non-Latin-1) at " + i);
            }
        }
        return value;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
