package io.picoev.loop.epoll;

import io.picoev.loop.Loop;
import io.picoev.loop.LoopTarget;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** A target over a socket file descriptor: {@code fd()} is the real fd, as in the seed. */
final class EpollTarget extends LoopTarget {

    private final EpollBackend backend;
    /** The listener whose socket this target watches (shared: with {@code EPOLLEXCLUSIVE}), or null for a connection. */
    final EpollListener listener;
    /**
     * Whether this is an accepted connection in edge-triggered mode. Only those: the engine reads
     * and writes them through this target, which is how the loop learns a read came back short;
     * a descriptor the application adds may be read with other calls (or be a datagram socket,
     * where a short read proves nothing), so it stays level-triggered.
     */
    final boolean edge;

    EpollTarget(Loop loop, int slot, int fd, EpollBackend backend, EpollListener listener, boolean edge) {
        super(loop, slot, fd);
        this.backend = backend;
        this.listener = listener;
        this.edge = edge;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int asked = dst.remaining();
        // called here, not through a backend method: one call level deeper, AllocationTest saw 40 bytes a
        // read (C2 no longer removed the copy's heap segment)
        int n = backend.io.read(fd(), dst);
        if (edge && asked > 0) {
            backend.read(fd(), asked, n);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int asked = src.remaining();
        int n = backend.io.write(fd(), src);
        if (edge && n < asked) {
            backend.writeBlocked(fd());
        }
        return n;
    }

    @Override
    public void shutdownOutput() throws IOException {
        backend.io.shutdownOutput(fd());
    }

    @Override
    public SocketAddress remoteAddress() {
        return LinuxSocket.address(backend.sys, fd(), true);
    }

    /**
     * Closes a connection; for the listener (a loop draining), refuses new connections for every
     * loop at once, as the first loop to drain did on NIO, and leaves closing the shared
     * descriptor to the server.
     */
    @Override
    protected void closeSocket() {
        if (listener == null) {
            backend.io.close(fd());
        } else {
            listener.refusePending();
        }
    }
}
