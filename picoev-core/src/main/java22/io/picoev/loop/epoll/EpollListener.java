package io.picoev.loop.epoll;

import io.picoev.loop.Listener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The listening socket every loop's epoll instance watches with {@code EPOLLEXCLUSIVE}: one
 * waiting loop is woken per connection, and a loop that is full or busy leaves the connection
 * in the backlog for the others. Chosen over one {@code SO_REUSEPORT} listener per loop, where
 * the kernel hashes each connection to a fixed loop whether that loop is full, busy or draining,
 * and closing one listener resets the connections queued on it.
 */
final class EpollListener implements Listener {

    final int fd;
    private final InetSocketAddress localAddress;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean shut;

    private EpollListener(int fd, InetSocketAddress localAddress) {
        this.fd = fd;
        this.localAddress = localAddress;
    }

    static EpollListener bind(InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort)
            throws IOException {
        try (Syscalls sys = new Syscalls()) {
            int fd = LinuxSocket.listen(sys, address, backlog, reuseAddress, reusePort);
            return new EpollListener(fd, LinuxSocket.address(sys, fd, false));
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * {@code shutdown(SHUT_RDWR)}: Linux takes a listening socket out of its table at once, so
     * new connections are refused and queued ones reset, from any thread, while the loops'
     * epoll sets still hold the file; the descriptor number stays taken until {@link #close()}.
     */
    @Override
    public void refusePending() {
        if (!closed.get() && !shut) {
            shut = true;
            try (Syscalls sys = new Syscalls()) {
                sys.shutdown(fd, 2);
            }
        }
    }

    /** Closes the socket, after the loops let go of it (a number closed early could come back as another socket). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try (Syscalls sys = new Syscalls()) {
                sys.close(fd);
            }
        }
    }
}
