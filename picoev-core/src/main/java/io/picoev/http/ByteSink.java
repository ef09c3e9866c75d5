package io.picoev.http;

import java.io.OutputStream;
import java.util.Arrays;

/** A reusable, growing byte array to serialize into, kept per response writer so JSON bodies reuse it. */
final class ByteSink extends OutputStream {

    byte[] buf = new byte[512];
    int size;

    void reset() {
        size = 0;
        if (buf.length > 1 << 20) {
            buf = new byte[512]; // one huge body does not pin its buffer for good
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
        }
    }
}
