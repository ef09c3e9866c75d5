package io.picoev.loop;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A network transport: binds listeners and makes one {@link Backend} per loop. Found by
 * {@link Transports}; an implementation has a no-argument constructor. Internal: public for the
 * transports' own packages; not exported by the module, not API.
 */
public interface TransportProvider {

    /** Short name for logs: {@code "nio"}, {@code "epoll"}. */
    String name();

    /** {@code null} when this transport works in this JVM and OS; otherwise why not, and the fix if there is one. */
    String unavailableReason();

    /** A backend for a loop whose table has {@code capacity} slots. */
    Backend newBackend(int capacity) throws IOException;

    /**
     * Binds and listens on {@code address} with {@code backlog}, {@code SO_REUSEADDR} and
     * {@code SO_REUSEPORT} as asked, for {@code loops} loops.
     *
     * @throws java.net.BindException when the address is in use or not local
     */
    Listener bind(InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort, int loops)
        throws IOException;
}
