package io.picoev.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression, as Spring Boot's {@code server.compression}: a body of at least
 * {@code minResponseSize} bytes whose media type is listed is sent gzip-coded (RFC 9110
 * §8.4.1.3) to a client whose {@code Accept-Encoding} allows gzip (§12.5.3; {@code q=0} refuses),
 * with {@code Content-Encoding: gzip} and {@code Vary: Accept-Encoding} (§12.5.5). Never for
 * HEAD, for a status without a body, or a response that already has a {@code Content-Encoding}.
 * Immutable; the buffers a compressed body needs are allocated only for that body.
 */
public final class Compression {

    private final int minResponseSize;
    private final String[] mimeTypes;

    /**
     * @param minResponseSize the smallest body to compress, in bytes, at least 0
     * @param mimeTypes media types such as {@code text/html} or {@code text/*}, compared without
     *     parameters and case
     */
    public Compression(int minResponseSize, List<String> mimeTypes) {
        if (minResponseSize < 0) {
            throw new IllegalArgumentException("minResponseSize is " + minResponseSize + ": must be 0 or more");
        }
        this.minResponseSize = minResponseSize;
        this.mimeTypes = mimeTypes.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    /** The smallest body compressed, in bytes. */
    public int minResponseSize() {
        return minResponseSize;
    }

    /** Whether {@code contentType} (with or without parameters) is one to compress; false for {@code null}. */
    public boolean compresses(CharSequence contentType) {
        if (contentType == null) {
            return false;
        }
        int end = 0;
        while (end < contentType.length() && contentType.charAt(end) != ';') {
            end++;
        }
        String type = contentType.subSequence(0, end).toString().trim().toLowerCase(Locale.ROOT);
        for (String m : mimeTypes) {
            if (m.equals(type) || m.endsWith("/*") && type.startsWith(m.substring(0, m.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code acceptEncoding} (the request's header, or {@code null}) allows gzip: a
     * {@code gzip} or {@code x-gzip} coding, else {@code *}, with a weight above 0 (RFC 9110 §12.5.3).
     */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean star = null;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.split(";");
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            boolean allowed = true;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim();
                if (param.length() > 1 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
                    allowed = weight(param.substring(2).trim()) > 0;
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return allowed;
            }
            if (coding.equals("*")) {
                star = allowed;
            }
        }
        return star != null && star;
    }

    private static double weight(String q) {
        try {
            return Double.parseDouble(q);
        } catch (NumberFormatException e) {
            return 0; // an unreadable weight is no consent
        }
    }

    /** {@code body[off, off+len)} gzip-coded, in {@code out}'s buffer. */
    static Out gzip(byte[] body, int off, int len) {
        Out out = new Out(Math.max(64, len / 3));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(body, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a memory stream does not fail
        }
        return out;
    }

    /** A byte stream whose buffer can be read without copying. */
    static final class Out extends ByteArrayOutputStream {

        Out(int size) {
            super(size);
        }

        byte[] buffer() {
            return buf;
        }
    }
}
