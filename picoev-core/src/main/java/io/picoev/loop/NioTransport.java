package io.picoev.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/** The portable transport: NIO selectors and channels. */
final class NioTransport implements TransportProvider {

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

    /** One server socket channel that every loop's selector watches. */
    static final class NioListener implements Listener {

        final ServerSocketChannel channel;
        private final InetSocketAddress localAddress;

        NioListener(ServerSocketChannel channel) throws IOException {
            this.channel = channel;
            this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public InetSocketAddress localAddress() {
            return localAddress;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a listener fails only if it is closed already
            }
        }
    }
}
