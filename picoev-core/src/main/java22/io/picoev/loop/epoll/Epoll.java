package io.picoev.loop.epoll;

import static io.picoev.Events.READ;
import static io.picoev.Events.WRITE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One epoll instance, as the seed's {@code EpollLoop}: the epoll fd, an {@code epoll_event} array,
 * and a table indexed by file descriptor (the loop's slot and the events registered for each fd),
 * starting at {@code MAX_FDS} and growing by doubling up to {@code RLIMIT_NOFILE}.
 *
 * <p>Level-triggered by default: the HTTP engine reads at most one buffer per event and leaves the
 * rest for the next wait, which is what level-triggering keeps ready. Interest 0 removes the fd
 * from the set ({@code EPOLL_CTL_DEL}), since the kernel reports {@code EPOLLHUP}/{@code EPOLLERR}
 * even without interest, and a paused connection whose peer reset would otherwise be reported on
 * every wait. A wake-up is an {@code eventfd} in the set.
 *
 * <p>Edge-triggered when asked (a measurement switch, see {@link EpollBackend}): connections are
 * added once with {@code EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET} and {@link EdgeReadiness}
 * turns the edges back into picoev's level semantics, so interest changes make no
 * {@code epoll_ctl} at all; the caller reports each read and short write ({@link #read},
 * {@link #writeBlocked}). Listeners (shared with {@code EPOLLEXCLUSIVE}, or one per loop) stay level-triggered.
 *
 * <p>Every method MUST be called on the owning loop's thread, except {@link #wakeup()}.
 */
final class Epoll implements AutoCloseable {

    /** The seed's {@code MAX_FDS}: where the fd table starts. */
    static final int INITIAL_FDS = 1024;
    private static final int MAX_EVENTS = 4096;
    private static final ValueLayout.OfInt DATA = JAVA_INT.withByteAlignment(1);
    /** Interest bit of this class (not the kernel's): the fd is in the epoll set. */
    private static final int IN_SET = 1 << 30;
    /** Interest bit of this class: the fd is in the set edge-triggered, its interest kept in {@link #edges}. */
    private static final int EDGE = 1 << 29;
    private static final int EDGE_EVENTS = Syscalls.EPOLLIN | Syscalls.EPOLLOUT | Syscalls.EPOLLRDHUP | Syscalls.EPOLLET;

    private final Syscalls sys;
    private final int epfd;
    private final int wakeFd;
    private final long fdLimit;
    private final Arena arena = Arena.ofShared();
    private MemorySegment events;
    private long eventsAddress;
    private int capacity;
    /** By fd: the loop's slot, or -1. */
    private int[] slots;
    /** By fd: the kernel events asked for (with {@link #IN_SET} while in the set), 0 when unknown. */
    private int[] interest;
    private int[] readySlots;
    private int[] readyEvents;
    /** Edge-triggered mode's readiness by fd; null when level-triggered. */
    private final EdgeReadiness edges;

    /** Opens an epoll instance and its wake-up eventfd; {@code edgeTriggered} for connections added edge-triggered. */
    Epoll(Syscalls sys, boolean edgeTriggered) throws IOException {
        this.sys = sys;
        this.edges = edgeTriggered ? new EdgeReadiness(INITIAL_FDS) : null;
        long limit = sys.maxOpenFiles();
        this.fdLimit = limit <= 0 ? Integer.MAX_VALUE : Math.min(limit, Integer.MAX_VALUE);
        int ep = sys.epollCreate();
        if (ep < 0) {
            throw LinuxSocket.failure("epoll_create1", ep);
        }
        int efd = sys.eventfd();
        if (efd < 0) {
            sys.close(ep);
            throw LinuxSocket.failure("eventfd", efd);
        }
        this.epfd = ep;
        this.wakeFd = efd;
        this.slots = new int[INITIAL_FDS];
        this.interest = new int[INITIAL_FDS];
        Arrays.fill(slots, -1);
        allocateEvents(256);
        int r = sys.epollCtl(epfd, Syscalls.EPOLL_CTL_ADD, wakeFd, Syscalls.EPOLLIN);
        if (r < 0) {
            close();
            throw LinuxSocket.failure("epoll_ctl(eventfd)", r);
        }
    }

    private void allocateEvents(int n) {
        capacity = n;
        events = arena.allocate((long) n * Syscalls.EPOLL_EVENT_SIZE, 8); // the old array stays until close: < 64 KiB
        eventsAddress = events.address();
        // copies: when the array grows, the ready targets of this poll are still to be read
        if (readySlots == null) {
            readySlots = new int[n];
            readyEvents = new int[n];
        } else if (readySlots.length < n) { // edge-triggered mode may have grown them further
            readySlots = Arrays.copyOf(readySlots, n);
            readyEvents = Arrays.copyOf(readyEvents, n);
        }
    }

    /** How many fds the table has room for now (grows on demand, up to {@code RLIMIT_NOFILE}). */
    int tableSize() {
        return slots.length;
    }

    /**
     * Watches {@code fd} for the slot {@code slot}: {@code read}/{@code write} interest, and
     * {@code exclusive} for a listener shared by several loops ({@code EPOLLEXCLUSIVE}: one
     * waiting loop is woken per connection, not all of them).
     */
    void add(int fd, int slot, boolean read, boolean write, boolean exclusive) throws IOException {
        add(fd, slot, read, write, exclusive, exclusive);
    }

    /**
     * As {@link #add(int, int, boolean, boolean, boolean)}, with {@code level} for a descriptor
     * that stays level-triggered in edge-triggered mode too: listeners (the acceptor takes a batch
     * per event and leaves the rest for the next wait) and descriptors the application adds.
     */
    void add(int fd, int slot, boolean read, boolean write, boolean level, boolean exclusive) throws IOException {
        if (fd >= slots.length) {
            grow(fd);
        }
        slots[fd] = slot;
        if (edges != null && !level) {
            int r = sys.epollCtl(epfd, Syscalls.EPOLL_CTL_ADD, fd, EDGE_EVENTS); // ready already: queued by the kernel
            if (r < 0) {
                slots[fd] = -1;
                throw LinuxSocket.failure("epoll_ctl(fd " + fd + ")", r);
            }
            interest[fd] = EDGE | IN_SET;
            edges.reset(fd);
            edges.want(fd, read, write);
            return;
        }
        interest[fd] = exclusive ? Syscalls.EPOLLEXCLUSIVE : 0;
        set(fd, read, write);
    }

    private void grow(int fd) throws IOException {
        if (fd >= fdLimit) {
            throw new IOException("fd " + fd + " is past RLIMIT_NOFILE (" + fdLimit + ")");
        }
        int n = (int) Math.min(Math.max((long) slots.length * 2, fd + 1L), fdLimit);
        int old = slots.length;
        slots = Arrays.copyOf(slots, n);
        interest = Arrays.copyOf(interest, n);
        Arrays.fill(slots, old, n, -1);
        if (edges != null) {
            edges.grow(n);
        }
    }

    /** Changes the interest of a watched {@code fd}; none at all takes it out of the set. */
    void set(int fd, boolean read, boolean write) throws IOException {
        int was = interest[fd];
        if ((was & EDGE) != 0) {
            edges.want(fd, read, write); // the kernel watches both directions all along
            return;
        }
        int exclusive = was & Syscalls.EPOLLEXCLUSIVE;
        // EPOLLEXCLUSIVE takes only EPOLLIN/EPOLLOUT (EINVAL with EPOLLRDHUP); a listener has no half-close anyway
        int want = (read ? exclusive != 0 ? Syscalls.EPOLLIN : Syscalls.EPOLLIN | Syscalls.EPOLLRDHUP : 0)
            | (write ? Syscalls.EPOLLOUT : 0);
        int r = 0;
        if (want == 0) {
            if ((was & IN_SET) != 0) {
                r = sys.epollCtl(epfd, Syscalls.EPOLL_CTL_DEL, fd, 0);
            }
            interest[fd] = exclusive;
        } else if ((was & IN_SET) == 0 || exclusive != 0) {
            if ((was & IN_SET) != 0) { // EPOLLEXCLUSIVE forbids EPOLL_CTL_MOD: delete and add again
                r = sys.epollCtl(epfd, Syscalls.EPOLL_CTL_DEL, fd, 0);
            }
            if (r == 0) {
                r = sys.epollCtl(epfd, Syscalls.EPOLL_CTL_ADD, fd, want | exclusive);
            }
            interest[fd] = r == 0 ? want | exclusive | IN_SET : exclusive;
        } else if ((was & ~IN_SET) != want) {
            r = sys.epollCtl(epfd, Syscalls.EPOLL_CTL_MOD, fd, want);
            interest[fd] = want | IN_SET;
        }
        if (r < 0) {
            throw LinuxSocket.failure("epoll_ctl(fd " + fd + ")", r);
        }
    }

    /**
     * Stops watching {@code fd} for {@code slot} (before it is closed: its number may come back
     * at once); nothing if the fd is another slot's by now.
     */
    void remove(int fd, int slot) {
        if (fd < slots.length && slots[fd] == slot) {
            if ((interest[fd] & IN_SET) != 0) {
                sys.epollCtl(epfd, Syscalls.EPOLL_CTL_DEL, fd, 0);
            }
            if ((interest[fd] & EDGE) != 0) {
                edges.reset(fd);
            }
            interest[fd] = 0;
            slots[fd] = -1;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (0: do not block; negative: forever) and returns how
     * many watched fds are ready; {@link #readySlot} and {@link #readyEvents} describe them until the next wait.
     */
    int poll(int timeoutMillis) throws IOException {
        int listed = edges == null ? 0 : edges.compact();
        // fds still ready from the last dispatch are reported without waiting, as level-triggering would
        int n = sys.epollWait(epfd, eventsAddress, capacity, listed > 0 ? 0 : timeoutMillis);
        if (n < 0) {
            if (n != -Syscalls.EINTR) {
                throw LinuxSocket.failure("epoll_wait", n);
            }
            n = 0;
        }
        int ready = 0;
        for (int i = 0; i < n; i++) {
            long at = (long) i * Syscalls.EPOLL_EVENT_SIZE;
            int ev = events.get(JAVA_INT, at);
            int fd = events.get(DATA, at + Syscalls.EPOLL_DATA_OFFSET);
            if (fd == wakeFd) {
                sys.read(wakeFd, eventsAddress + at, 8); // reset the counter; the event slot is read already
                continue;
            }
            int slot = fd < slots.length ? slots[fd] : -1;
            if (slot < 0) {
                continue; // removed earlier in this batch
            }
            int want = interest[fd];
            if ((want & EDGE) != 0) {
                boolean failed = (ev & (Syscalls.EPOLLHUP | Syscalls.EPOLLERR)) != 0;
                edges.edge(fd, failed || (ev & (Syscalls.EPOLLIN | Syscalls.EPOLLRDHUP)) != 0,
                    failed || (ev & Syscalls.EPOLLOUT) != 0);
                continue;
            }
            boolean failed = (ev & (Syscalls.EPOLLHUP | Syscalls.EPOLLERR)) != 0; // seen by whichever call comes next
            int picoev = 0;
            if ((ev & (Syscalls.EPOLLIN | Syscalls.EPOLLRDHUP)) != 0 || failed && (want & Syscalls.EPOLLIN) != 0) {
                picoev |= READ;
            }
            if ((ev & Syscalls.EPOLLOUT) != 0 || failed && (want & Syscalls.EPOLLOUT) != 0) {
                picoev |= WRITE;
            }
            readySlots[ready] = slot;
            readyEvents[ready++] = picoev;
        }
        if (edges != null) {
            ready = reportEdges(ready);
        }
        if (n == capacity && capacity < MAX_EVENTS) {
            allocateEvents(capacity * 2); // full: more may have been ready
        }
        return ready;
    }

    /** Appends the listed edge-triggered fds to the ready ones of this poll, from index {@code ready}; returns the new count. */
    private int reportEdges(int ready) {
        int listed = edges.size();
        if (ready + listed > readySlots.length) { // grows with the number of connections, then stays
            int n = Math.max(ready + listed, readySlots.length * 2);
            readySlots = Arrays.copyOf(readySlots, n);
            readyEvents = Arrays.copyOf(readyEvents, n);
        }
        for (int i = 0; i < listed; i++) {
            int fd = edges.fd(i);
            int ev = edges.events(fd);
            if (ev != 0) { // always, but for an fd removed and not yet dropped from the list
                readySlots[ready] = slots[fd];
                readyEvents[ready++] = ev;
            }
        }
        return ready;
    }

    /** After a read of {@code fd} that asked for bytes: {@code maybeMore} when it got all it asked for. */
    void read(int fd, boolean maybeMore) {
        if (fd < interest.length && (interest[fd] & EDGE) != 0) {
            edges.read(fd, maybeMore);
        }
    }

    /** After a write to {@code fd} that the socket did not take whole. */
    void writeBlocked(int fd) {
        if (fd < interest.length && (interest[fd] & EDGE) != 0) {
            edges.writeBlocked(fd);
        }
    }

    /** Whether connections are added edge-triggered. */
    boolean edgeTriggered() {
        return edges != null;
    }

    /** The loop slot of ready fd {@code i} of the last {@link #poll}. */
    int readySlot(int i) {
        return readySlots[i];
    }

    /**
     * picoev's events for ready fd {@code i}: {@code READ} for data, end of stream (also a
     * half-close, {@code EPOLLRDHUP}) or an error the read will report; {@code WRITE} for
     * room to write, or an error the write will report.
     */
    int readyEvents(int i) {
        return readyEvents[i];
    }

    /** Makes a blocked (or the next) {@link #poll} return; any thread. */
    void wakeup() {
        Syscalls.signal(wakeFd);
    }

    /** Closes the epoll fd and the eventfd; the watched fds are the caller's. */
    @Override
    public void close() {
        sys.close(wakeFd);
        sys.close(epfd);
        arena.close();
    }
}
