package io.picoev.http;

import java.io.OutputStream;

/**
 * Reads and writes JSON for {@link Request#bodyAs(Class)} and {@link Response#json(Object)}. The
 * core has no JSON library; the Spring Boot starter supplies one over the application's Jackson
 * {@code JsonMapper}, so Boot's Jackson settings apply. Implementations MUST be thread-safe: with
 * virtual-thread dispatch they are called from many threads at once.
 */
public interface JsonCodec {

    /** The value of {@code type} that {@code bytes[off, off+len)} holds; any exception means the body is not one (400). */
    <T> T read(byte[] bytes, int off, int len, Class<T> type) throws Exception;

    /** Writes {@code value} as JSON (UTF-8) to {@code out}; an exception is a 500. */
    void write(Object value, OutputStream out) throws Exception;
}
