package io.picoev.loop.epoll;

import static io.picoev.Events.READ;
import static io.picoev.Events.WRITE;

import io.picoev.loop.Backend;
import io.picoev.loop.Listener;
import io.picoev.loop.Loop;
import io.picoev.loop.LoopTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;

/**
 * One loop's epoll instance, syscall state and I/O buffer. Loop-confined but for {@link #wakeup()}.
 *
 * <p>Connections are watched level-triggered, or edge-triggered when the system property
 * {@value #EDGE_TRIGGERED} is {@code true} (read once per backend): an internal switch, not a
 * setting, to measure one against the other on the same build; see {@link Epoll}.
 */
final class EpollBackend implements Backend {

    /** The system property that makes new backends watch connections edge-triggered. */
    static final String EDGE_TRIGGERED = "io.picoev.epoll.edgeTriggered";
    private static final System.Logger LOG = System.getLogger("io.picoev.loop");

    final Syscalls sys = new Syscalls();
    final SocketIo io = new SocketIo(sys);
    private final Epoll epoll;
    /** Connections are edge-triggered: their targets report each read and short write. */
    final boolean edgeTriggered;

    EpollBackend() throws IOException {
        try {
            epoll = new Epoll(sys, Boolean.getBoolean(EDGE_TRIGGERED));
            edgeTriggered = epoll.edgeTriggered();
            if (edgeTriggered) {
                LOG.log(Level.INFO, "epoll: connections edge-triggered (" + EDGE_TRIGGERED + "=true)");
            }
        } catch (IOException | RuntimeException e) {
            io.close();
            sys.close();
            throw e;
        }
    }

    /** After {@code fd} read {@code n} bytes where it asked for {@code asked} ({@code > 0}; edge-triggered only). */
    void read(int fd, int asked, int n) {
        epoll.read(fd, n == Math.min(asked, SocketIo.BUFFER_SIZE)); // a full buffer: maybe more; short, none or end: drained
    }

    /** After {@code fd} took fewer bytes than it was given (edge-triggered only). */
    void writeBlocked(int fd) {
        epoll.writeBlocked(fd);
    }

    @Override
    public LoopTarget target(Loop loop, int slot, int fd) {
        return new EpollTarget(loop, slot, fd, this, null, false);
    }

    @Override
    public LoopTarget target(Loop loop, int slot, SelectableChannel channel) {
        throw new UnsupportedOperationException("the epoll transport registers file descriptors: add(fd, ...), "
            + "or picoev.transport=nio for add(SelectableChannel, ...)");
    }

    @Override
    public LoopTarget listener(Loop loop, int slot, Listener listener) {
        EpollListener l = (EpollListener) listener;
        return new EpollTarget(loop, slot, l.fd(loop.id()), this, l, false);
    }

    @Override
    public LoopTarget accept(Loop loop, int slot, LoopTarget listener, boolean tcpNoDelay) throws IOException {
        int fd = io.accept(listener.fd());
        if (fd < 0) {
            return null;
        }
        if (tcpNoDelay) {
            io.noDelay(fd); // best effort, as on a socket that is already gone
        }
        return new EpollTarget(loop, slot, fd, this, null, edgeTriggered);
    }

    @Override
    public void register(LoopTarget t, int events) throws IOException {
        EpollTarget et = (EpollTarget) t;
        EpollListener l = et.listener;
        epoll.add(t.fd(), t.slot(), (events & READ) != 0, (events & WRITE) != 0, !et.edge, l != null && l.shared());
    }

    @Override
    public void update(LoopTarget t, int events) {
        try {
            epoll.set(t.fd(), (events & READ) != 0, (events & WRITE) != 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the loop closes a target whose callback throws
        }
    }

    @Override
    public void deregister(LoopTarget t) {
        epoll.remove(t.fd(), t.slot());
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        return epoll.poll((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
    }

    @Override
    public int readySlot(int i) {
        return epoll.readySlot(i);
    }

    @Override
    public int readyEvents(int i) {
        return epoll.readyEvents(i);
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public void close() {
        epoll.close();
        io.close();
        sys.close();
    }
}
