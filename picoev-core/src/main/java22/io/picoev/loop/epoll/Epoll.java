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
 * <p>Level-triggered: the HTTP engine reads at most one buffer per event and leaves the rest for
 * the next wait, which is what level-triggering keeps ready (edge-triggered would have every
 * reader drain to {@code EAGAIN}). Interest 0 removes the fd from the set ({@code EPOLL_CTL_DEL}),
 * since the kernel reports {@code EPOLLHUP}/{@code EPOLLERR} even without interest, and a paused
 * connection whose peer reset would otherwise be reported on every wait. A wake-up is an
 * {@code eventfd} in the set.
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

    /** Opens an epoll instance and its wake-up eventfd. */
    Epoll(Syscalls sys) throws IOException {
        this.sys = sys;
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
        readySlots = readySlots == null ? new int[n] : Arrays.copyOf(readySlots, n);
        readyEvents = readyEvents == null ? new int[n] : Arrays.copyOf(readyEvents, n);
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
        if (fd >= slots.length) {
            grow(fd);
        }
        slots[fd] = slot;
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
    }

    /** Changes the interest of a watched {@code fd}; none at all takes it out of the set. */
    void set(int fd, boolean read, boolean write) throws IOException {
        int was = interest[fd];
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
            interest[fd] = 0;
            slots[fd] = -1;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (0: do not block; negative: forever) and returns how
     * many watched fds are ready; {@link #readySlot} and {@link #readyEvents} describe them until the next wait.
     */
    int poll(int timeoutMillis) throws IOException {
        int n = sys.epollWait(epfd, eventsAddress, capacity, timeoutMillis);
        if (n < 0) {
            if (n == -Syscalls.EINTR) {
                return 0;
            }
            throw LinuxSocket.failure("epoll_wait", n);
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
        if (n == capacity && capacity < MAX_EVENTS) {
            allocateEvents(capacity * 2); // full: more may have been ready
        }
        return ready;
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
