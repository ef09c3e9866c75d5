package io.picoev.loop.nio;

import io.picoev.loop.Backend;
import io.picoev.loop.Listener;
import io.picoev.loop.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The portable transport: NIO selectors (epoll on Linux, kqueue on macOS) on every platform.
 * Internal: public for {@link io.picoev.loop.Transports}; not exported by the module, not API.
 */
public final class NioTransport implements TransportProvider {

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Backend newBackend(int capacity) throws IOException {
        return new NioBackend(capacity);
    }

    @Override
    public Listener bind(InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort, int loops)
            throws IOException {
        return NioListener.bind(address, backlog, reuseAddress, reusePort);
    }
}
