package io.picoev.http;

import java.util.Arrays;

/**
 * Decodes a chunked request body (RFC 9112 §7.1) as it arrives, in the manner of
 * picohttpparser's {@code phr_decode_chunked}: fed any slice of bytes, it remembers where it
 * stopped. Extensions are checked and skipped, trailers are read and dropped.
 *
 * <p>Stricter than picohttpparser, because a framing difference with a proxy in front is request
 * smuggling: every line of the chunked framing must end in CRLF (a bare LF is an error, although
 * the head parser accepts one as RFC 9112 §2.2 allows there); the chunk size is directly followed
 * by {@code ;}, optional whitespace before {@code ;} (BWS), or CRLF, so {@code "3 \r\n"} is
 * refused; extensions ({@code *( BWS ";" BWS name [ BWS "=" BWS value ] )}) may hold tokens,
 * whitespace and quoted strings but no CTL, so a CR or LF hidden in a quoted value is refused.
 *
 * <p>{@link #decode} returns the bytes consumed when the last chunk and the trailers are done,
 * {@link HttpParser#INCOMPLETE} (-2) when every byte was consumed and more are needed, or
 * {@link HttpParser#ERROR} (-1) for bad framing, after which {@link #tooLarge()} tells 413
 * from 400.
 */
public final class ChunkedDecoder {

    private static final int ERROR = HttpParser.ERROR;

    private static final int SIZE = 0;
    private static final int EXTENSION = 1;
    private static final int SIZE_LF = 2;
    private static final int DATA = 3;
    private static final int DATA_CR = 4;
    private static final int DATA_LF = 5;
    private static final int TRAILER_START = 6;
    private static final int TRAILER_LINE = 7;
    private static final int TRAILER_LF = 8;
    private static final int END_LF = 9;
    private static final int SIZE_BWS = 10;
    private static final int QUOTED = 11;
    private static final int QUOTED_PAIR = 12;

    /** Longest chunk-size line or trailer section we read; longer is an attack, not a body. */
    private static final int MAX_LINE = 8192;

    private final int maxBody;
    private int state = SIZE;
    private int hexDigits;
    private long chunkLeft;
    private int lineLength;
    private boolean tooLarge;

    private byte[] body;
    private int length;

    /** A decoder that refuses bodies longer than {@code maxBody} bytes. */
    public ChunkedDecoder(int maxBody) {
        this.maxBody = maxBody;
        this.body = new byte[Math.min(maxBody, 1024)];
    }

    /** Decoded bytes so far; the body is {@code body()[0, length())}. */
    public byte[] body() {
        return body;
    }

    /** Number of decoded bytes so far. */
    public int length() {
        return length;
    }

    /** Whether the last error was a body over the limit (413) rather than bad framing (400). */
    public boolean tooLarge() {
        return tooLarge;
    }

    /** Decodes {@code buf[off, off+len)}: bytes consumed at the end of the body, -2 or -1. */
    public int decode(byte[] buf, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end) {
            if (state == DATA) {
                int n = (int) Math.min(chunkLeft, end - p);
                append(buf, p, n);
                p += n;
                chunkLeft -= n;
                if (chunkLeft == 0) {
                    state = DATA_CR;
                }
                continue;
            }
            int c = buf[p++] & 0xff;
            switch (state) {
                case SIZE -> {
                    int v = Ascii.hexValue(c);
                    if (v >= 0) {
                        // 15 hex digits keep the size positive in a long and bound a line of leading zeros
                        if (++hexDigits > 15) {
                            return ERROR;
                        }
                        chunkLeft = chunkLeft << 4 | v;
                        if (chunkLeft > maxBody - length) {
                            tooLarge = true;
                            return ERROR;
                        }
                    } else if (hexDigits == 0) {
                        return ERROR;
                    } else if (c == ';') {
                        state = EXTENSION;
                    } else if (c == ' ' || c == '\t') {
                        state = SIZE_BWS;
                    } else if (c == '\r') {
                        state = SIZE_LF;
                    } else {
                        return ERROR;
                    }
                }
                case SIZE_BWS -> {
                    // BWS after the size is only allowed before ';' (RFC 9112 §7.1.1)
                    if (++lineLength > MAX_LINE) {
                        return ERROR;
                    }
                    if (c == ';') {
                        state = EXTENSION;
                    } else if (c != ' ' && c != '\t') {
                        return ERROR;
                    }
                }
                case EXTENSION -> {
                    if (++lineLength > MAX_LINE) {
                        return ERROR;
                    }
                    if (c == '\r') {
                        state = SIZE_LF;
                    } else if (c == '"') {
                        state = QUOTED;
                    } else if (!Ascii.isToken(c) && c != ' ' && c != '\t' && c != ';' && c != '=') {
                        return ERROR;
                    }
                }
                case QUOTED -> {
                    // qdtext or a quoted-pair (RFC 9110 §5.6.4): no CTL but HTAB, so no CR or LF
                    if (++lineLength > MAX_LINE) {
                        return ERROR;
                    }
                    if (c == '"') {
                        state = EXTENSION;
                    } else if (c == '\\') {
                        state = QUOTED_PAIR;
                    } else if (!Ascii.isFieldValueChar(c)) {
                        return ERROR;
                    }
                }
                case QUOTED_PAIR -> {
                    if (++lineLength > MAX_LINE || !Ascii.isFieldValueChar(c)) {
                        return ERROR;
                    }
                    state = QUOTED;
                }
                case SIZE_LF -> {
                    if (c != '\n') {
                        return ERROR;
                    }
                    endSizeLine();
                }
                case DATA_CR -> {
                    if (c != '\r') {
                        return ERROR;
                    }
                    state = DATA_LF;
                }
                case DATA_LF -> {
                    if (c != '\n') {
                        return ERROR;
                    }
                    state = SIZE;
                }
                case TRAILER_START -> {
                    if (c == '\r') {
                        state = END_LF;
                    } else if (Ascii.isToken(c)) {
                        state = TRAILER_LINE;
                        if (++lineLength > MAX_LINE) {
                            return ERROR;
                        }
                    } else {
                        return ERROR;
                    }
                }
                case TRAILER_LINE -> {
                    if (++lineLength > MAX_LINE) {
                        return ERROR;
                    }
                    if (c == '\r') {
                        state = TRAILER_LF;
                    } else if (!Ascii.isFieldValueChar(c)) {
                        return ERROR;
                    }
                }
                case TRAILER_LF -> {
                    if (c != '\n') {
                        return ERROR;
                    }
                    state = TRAILER_START;
                }
                case END_LF -> {
                    if (c != '\n') {
                        return ERROR;
                    }
                    return p - off;
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
        return HttpParser.INCOMPLETE;
    }

    private void endSizeLine() {
        lineLength = 0;
        hexDigits = 0;
        state = chunkLeft == 0 ? TRAILER_START : DATA;
    }

    private void append(byte[] src, int off, int n) {
        if (length + n > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(maxBody, Math.max(length + n, 2L * body.length)));
        }
        System.arraycopy(src, off, body, length, n);
        length += n;
    }
}
