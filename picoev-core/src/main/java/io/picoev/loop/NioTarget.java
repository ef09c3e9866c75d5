package io.picoev.loop;

import io.picoev.Callback;
import io.picoev.Target;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A {@link Target} over a NIO channel and its selection key. */
final class NioTarget extends Target {

    final Loop loop;
    final SelectableChannel channel;
    SelectionKey key;
    boolean open = true;

    NioTarget(Loop loop, int slot, SelectableChannel channel, int events, Callback callback) {
        super(slot, loop.id(), events, callback);
        this.loop = loop;
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
    public void setEvents(int events) {
        if (open && events != this.events && key.isValid()) { // a shared listener's key dies with its channel
            this.events = events;
            key.interestOps(NioBackend.interestOps(channel, events));
        }
    }

    @Override
    public void setTimeoutMillis(long millis) {
        if (open) {
            loop.setTimeout(this, millis);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (channel instanceof SocketChannel s) {
            s.shutdownOutput();
        }
    }

    @Override
    public void close() {
        loop.close(this);
    }

    @Override
    public boolean isOpen() {
        return open;
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
