package io.picoev.loop.nio;

import io.picoev.loop.Listener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** One listening channel that every loop's selector watches. */
final class NioListener implements Listener {

    private static final System.Logger LOG = System.getLogger("io.picoev.loop");

    final ServerSocketChannel channel;
    private final InetSocketAddress localAddress;

    private NioListener(ServerSocketChannel channel) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    static NioListener bind(InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            if (reusePort && server.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            server.bind(address, backlog);
            server.configureBlocking(false);
            return new NioListener(server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void refusePending() {
        // The JDK closes a listening socket only once every selector it is registered with has
        // selected again: a loop held by a handler keeps it listening. Reset what queues meanwhile.
        try {
            while (channel.isOpen()) {
                try (SocketChannel ch = channel.accept()) {
                    if (ch == null) {
                        return;
                    }
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0); // RST: refused, not a silent close
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "refusing a pending connection failed", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the listener failed", e);
        }
    }
}
