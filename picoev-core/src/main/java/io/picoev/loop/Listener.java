package io.picoev.loop;

import java.io.Closeable;
import java.net.InetSocketAddress;

/** The bound listening socket every loop accepts from. {@link #close()} may be called from any thread. */
public interface Listener extends Closeable {

    /** The address actually bound. */
    InetSocketAddress localAddress();

    /** Refuses new connections from now on; idempotent. */
    @Override
    void close();
}
