package io.picoev.http;

import java.nio.ByteBuffer;

/**
 * Answer bytes the socket has not taken yet, kept while the connection waits for
 * {@code WRITE}. Exists only while there are such bytes. Loop-confined.
 */
final class PendingOutput {

    final byte[] bytes;
    private final ByteBuffer view;
    int pos;
    final int end;

    /** Bytes {@code [pos, end)} of {@code bytes}, which this now owns. */
    PendingOutput(byte[] bytes, int pos, int end) {
        this.bytes = bytes;
        this.view = ByteBuffer.wrap(bytes);
        this.pos = pos;
        this.end = end;
    }

    /** A view of {@link #bytes} for writing. */
    ByteBuffer view() {
        return view;
    }

    /** Whether every byte was written. */
    boolean done() {
        return pos >= end;
    }
}
