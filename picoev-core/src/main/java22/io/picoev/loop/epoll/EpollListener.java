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
     * Closes the socket: connections still in the backlog are reset, new ones refused. The
     * kernel drops it from every epoll set as the file closes (a set does not hold it open).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try (Syscalls sys = new Syscalls()) {
                sys.close(fd);
            }
        }
    }
}
