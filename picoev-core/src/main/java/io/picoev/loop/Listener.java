package io.picoev.loop;

import java.net.InetSocketAddress;

/**
 * The bound listening socket(s) of a server, made by {@link TransportProvider#bind}; each loop
 * watches it through its own {@link Backend#listener target}. Any thread may call these.
 * Internal: public for the facade and the transports; not exported by the module, not API.
 */
public interface Listener extends AutoCloseable {

    /** The address actually bound (the real port when 0 was asked for). */
    InetSocketAddress localAddress();

    /**
     * Accepts and resets whatever connections are queued, so that clients of a stopping server
     * are refused at once rather than left waiting. Called repeatedly while a graceful stop
     * waits: a transport whose {@link #close()} cannot take effect while a loop is held up (a
     * NIO channel stays open in the kernel until every selector lets go of it) needs it; others
     * may do nothing. Any thread.
     */
    void refusePending();

    /** Stops listening: from now on, new connections are refused. Idempotent; any thread. */
    @Override
    void close();
}
