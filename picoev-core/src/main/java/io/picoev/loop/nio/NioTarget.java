package io.picoev.loop.nio;

import io.picoev.loop.Loop;
import io.picoev.loop.LoopTarget;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A target over a NIO channel and its selection key; {@code fd()} is the slot (NIO reaches no descriptor). */
class NioTarget extends LoopTarget {

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
    public SocketAddress remoteAddress() {
        try {
            return channel instanceof SocketChannel s ? s.getRemoteAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected void closeSocket() throws IOException {
        channel.close();
    }

    /** A loop's view of the shared listener: closing it leaves the channel to the {@link NioListener}. */
    static final class OfListener extends NioTarget {

        OfListener(Loop loop, int slot, SelectableChannel channel) {
            super(loop, slot, channel);
        }

        @Override
        protected void closeSocket() {
            // shared by every loop: the server closes it
        }
    }
}
