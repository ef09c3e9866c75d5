package io.picoev.loop;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A transport (NIO, epoll): its loops' backends and its listening socket. */
public interface TransportProvider {

    /** {@code nio} or {@code epoll}. */
    String name();

    /** Null when the transport works here; else why not, in words that say how to fix it. */
    String unavailableReason();

    /** A backend for one loop with a table of {@code capacity} targets. */
    Backend newBackend(int capacity) throws IOException;

    /**
     * Binds the listening socket all {@code loops} accept from.
     *
     * @throws java.net.BindException when the address is in use or not local
     */
    Listener bind(InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort, int loops)
        throws IOException;
}
