package io.picoev.loop;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A {@link io.picoev.Target} over a NIO channel and its selection key; {@code fd()} is the slot. */
final class NioTarget extends LoopTarget {

    final SelectableChannel channel;
    SelectionKey key;

    NioTarget(Loop loop, int slot, SelectableChannel channel) {
        super(loop, slot, slot);
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return ((ByteChannel) channel).read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return ((ByteChannel) channel).write(src);
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (channel instanceof SocketChannel s) {
            s.shutdownOutput();
        }
    }

    @Override
    protected void closeSocket() throws IOException {
        if (!(channel instanceof ServerSocketChannel)) { // the shared listener is closed by its Listener
            channel.close();
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        try {
            return channel instanceof SocketChannel s ? s.getRemoteAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
