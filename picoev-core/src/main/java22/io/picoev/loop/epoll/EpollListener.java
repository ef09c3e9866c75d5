package io.picoev.loop.epoll;

import io.picoev.loop.Listener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's listening socket(s), in one of two modes chosen once at bind by the system
 * property {@value #MODE_PROPERTY}:
 * <ul>
 * <li>{@code exclusive} (the default): one socket that every loop's epoll instance watches with
 * {@code EPOLLEXCLUSIVE}: one waiting loop is woken per connection, and a loop that is full or
 * busy leaves the connection in the backlog for the others.
 * <li>{@code reuseport}: one socket per loop, all bound to the same address with
 * {@code SO_REUSEPORT}, each watched by its own loop only. The kernel hashes each connection to
 * one socket by its addresses and ports, so a loop that is full or held by a handler keeps the
 * connections hashed to it waiting while the other loops idle; kept for measuring the two.
 * </ul>
 * In both, a graceful stop shuts every socket down at once: new connections are refused and the
 * queued ones reset.
 */
final class EpollListener implements Listener {

    /** The system property that picks the mode: {@code exclusive} or {@code reuseport}. */
    static final String MODE_PROPERTY = "io.picoev.epoll.listener";
    private static final System.Logger LOG = System.getLogger("io.picoev.loop");

    /** One descriptor (shared by every loop) or one per loop. */
    private final int[] fds;
    private final boolean perLoop;
    private final InetSocketAddress localAddress;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean shut;

    private EpollListener(int[] fds, boolean perLoop, InetSocketAddress localAddress) {
        this.fds = fds;
        this.perLoop = perLoop;
        this.localAddress = localAddress;
    }

    /**
     * Binds in the mode {@value #MODE_PROPERTY} names: one shared socket, or {@code loops} sockets
     * with {@code SO_REUSEPORT} (whatever {@code reusePort} says), the later ones on the port the
     * first got when {@code address} asks for port 0. In both, a port in use fails the bind
     * unless {@code reusePort} asks to share it.
     *
     * @throws IllegalArgumentException when the property names another mode
     */
    static EpollListener bind(InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort,
            int loops) throws IOException {
        boolean perLoop = perLoop(System.getProperty(MODE_PROPERTY, "exclusive"));
        int[] fds = new int[perLoop ? Math.max(1, loops) : 1];
        int bound = 0;
        try (Syscalls sys = new Syscalls()) {
            try {
                // SO_REUSEPORT only after the first bind (unless asked for): a port already in use still fails
                // the bind, rather than this server silently sharing it with another process of the same user
                fds[0] = LinuxSocket.listen(sys, address, backlog, reuseAddress, reusePort, perLoop);
                bound = 1; // counted only once open: the cleanup below must never close a number not ours
                InetSocketAddress local = LinuxSocket.address(sys, fds[0], false);
                // the others join the first one's reuseport group: same address, the port the first got
                InetSocketAddress same = new InetSocketAddress(address.getAddress(), local.getPort());
                while (bound < fds.length) {
                    fds[bound] = LinuxSocket.listen(sys, same, backlog, reuseAddress, true);
                    bound++;
                }
                if (perLoop) {
                    LOG.log(Level.INFO, "epoll listener: " + fds.length + " SO_REUSEPORT sockets, one per loop ("
                        + MODE_PROPERTY + "=reuseport)");
                }
                return new EpollListener(fds, perLoop, local);
            } catch (IOException | RuntimeException e) {
                for (int i = 0; i < bound; i++) {
                    sys.close(fds[i]);
                }
                throw e;
            }
        }
    }

    private static boolean perLoop(String mode) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "exclusive" -> false;
            case "reuseport" -> true;
            default -> throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + mode
                + " is not a listener mode: use exclusive (one listener shared by every loop, the default)"
                + " or reuseport (one SO_REUSEPORT listener per loop)");
        };
    }

    /** The descriptor loop {@code loopId} watches. */
    int fd(int loopId) {
        return fds[loopId % fds.length];
    }

    /** Whether several loops watch one descriptor (then with {@code EPOLLEXCLUSIVE}). */
    boolean shared() {
        return !perLoop;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * {@code shutdown(SHUT_RDWR)} on every socket: Linux takes a listening socket out of its
     * table (and out of its reuseport group) at once, so new connections are refused and queued
     * ones reset, from any thread, while the loops' epoll sets still hold the file; the
     * descriptor numbers stay taken until {@link #close()}.
     */
    @Override
    public void refusePending() {
        if (!closed.get() && !shut) {
            shut = true;
            try (Syscalls sys = new Syscalls()) {
                for (int fd : fds) {
                    sys.shutdown(fd, 2);
                }
            }
        }
    }

    /** Closes the sockets, after the loops let go of them (a number closed early could come back as another socket). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try (Syscalls sys = new Syscalls()) {
                for (int fd : fds) {
                    sys.close(fd);
                }
            }
        }
    }
}
