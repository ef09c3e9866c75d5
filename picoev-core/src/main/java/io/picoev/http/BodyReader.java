package io.picoev.http;

import java.util.Arrays;

/**
 * The body of one request while it arrives over several reads: {@code Content-Length} bytes
 * collected, or a chunked body decoded (RFC 9112 §6.3, §7.1). Keeps a copy of the request
 * head once the read buffer it was parsed from is about to be reused. Loop-confined.
 */
final class BodyReader {

    /** Most bytes allocated up front for a body that claims more: it grows as bytes arrive, not as claimed. */
    private static final int FIRST_ALLOCATION = 64 * 1024;

    private final int contentLength;
    private final ChunkedDecoder chunked;
    private byte[] body;
    private int bodyLen;
    private byte[] head;
    private boolean done;
    // where the head lies in the read buffer until it is copied
    private byte[] headBuf;
    private int headOff;
    private int headLen;

    private BodyReader(int contentLength, ChunkedDecoder chunked) {
        this.contentLength = contentLength;
        this.chunked = chunked;
    }

    /** A body of {@code length} bytes, of which {@code available} are in the buffer now. */
    static BodyReader ofLength(int length, int available) {
        BodyReader r = new BodyReader(length, null);
        r.body = new byte[Math.min(length, Math.max(available, FIRST_ALLOCATION))];
        return r;
    }

    /** A chunked body of at most {@code maxBody} decoded bytes. */
    static BodyReader chunked(int maxBody) {
        return new BodyReader(-1, new ChunkedDecoder(maxBody));
    }

    /** Remembers where the request's head lies, in the read buffer the body follows it in. */
    BodyReader head(byte[] buf, int off, int len) {
        headBuf = buf;
        headOff = off;
        headLen = len;
        return this;
    }

    /** Copies the head out of the read buffer, which the next read reuses; idempotent. */
    void keepHead() {
        if (head == null) {
            head = Arrays.copyOfRange(headBuf, headOff, headOff + headLen);
            headBuf = null;
        }
    }

    /**
     * Takes body bytes from {@code buf[pos, end)}: returns how many it used, or
     * {@link HttpParser#ERROR} for a malformed or too large chunked body. {@link #done()} tells
     * whether the body is complete.
     */
    int feed(byte[] buf, int pos, int end) {
        if (chunked != null) {
            int r = chunked.decode(buf, pos, end - pos);
            if (r == HttpParser.ERROR) {
                return r;
            }
            if (r == HttpParser.INCOMPLETE) {
                return end - pos;
            }
            done = true;
            return r;
        }
        int n = Math.min(end - pos, contentLength - bodyLen);
        if (bodyLen + n > body.length) {
            body = Arrays.copyOf(body, Math.min(contentLength, Math.max(bodyLen + n, body.length * 2)));
        }
        System.arraycopy(buf, pos, body, bodyLen, n);
        bodyLen += n;
        done = bodyLen == contentLength;
        return n;
    }

    /** Whether the whole body has arrived. */
    boolean done() {
        return done;
    }

    /** Whether a chunked body failed for being over the limit (413) rather than malformed (400). */
    boolean tooLarge() {
        return chunked != null && chunked.tooLarge();
    }

    /** Puts the complete request into {@code req}: the head parsed again if it was copied, and the body. */
    void complete(Request req) {
        if (head != null) {
            HttpParser.parseRequest(head, 0, head.length, req, 0); // parsed before, so it parses again
        }
        if (chunked != null) {
            setBody(req, chunked.body(), 0, chunked.length());
        } else {
            setBody(req, body, 0, bodyLen);
        }
    }

    static void setBody(Request req, byte[] bytes, int off, int length) {
        req.body = bytes;
        req.bodyOff = off;
        req.bodyLen = length;
    }
}
