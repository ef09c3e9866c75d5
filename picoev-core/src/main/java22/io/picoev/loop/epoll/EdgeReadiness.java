package io.picoev.loop.epoll;

import static io.picoev.Events.READ;
import static io.picoev.Events.WRITE;

import java.util.Arrays;

/**
 * Readiness of edge-triggered fds, kept per fd so that the loop still sees level-triggered
 * events: an fd is registered once for {@code EPOLLIN | EPOLLOUT | EPOLLET}, each edge sets
 * "readable" or "writable" here, and only the I/O itself clears them: a read that returned
 * less than asked (the receive queue was empty) or a write the socket did not take whole. A
 * read that filled the caller's buffer leaves the fd readable ("maybe more"). An fd that is
 * readable or writable and wants that event is <em>listed</em>, and reported on every wait
 * until it is not, without a new edge; an event the fd does not want now is remembered, not
 * lost, and reported once it wants it again. So changing interest costs no {@code epoll_ctl},
 * and no input is stranded whatever a callback does with an event.
 *
 * <p>Each fd is listed at most once: removing an fd keeps its list mark, so a stale entry
 * stays the only one if the number comes back before the next wait drops it. Loop-confined.
 */
final class EdgeReadiness {

    private static final byte READ_WANTED = 1;
    private static final byte WRITE_WANTED = 2;
    private static final byte READABLE = 4;
    private static final byte WRITABLE = 8;
    private static final byte LISTED = 16;

    /** By fd: the bits above. */
    private byte[] state;
    /** Fds that may be reportable, each once, in the order they became so. */
    private int[] listed;
    private int count;

    EdgeReadiness(int size) {
        state = new byte[size];
        listed = new int[size];
    }

    /** Makes room for fds below {@code size}. */
    void grow(int size) {
        state = Arrays.copyOf(state, size);
        listed = Arrays.copyOf(listed, size);
    }

    /** A newly registered fd, or one no longer watched: nothing known ready, nothing wanted. */
    void reset(int fd) {
        state[fd] &= LISTED;
    }

    /** The picoev events {@code fd} wants now. */
    void want(int fd, boolean read, boolean write) {
        state[fd] = (byte) (state[fd] & ~(READ_WANTED | WRITE_WANTED)
            | (read ? READ_WANTED : 0) | (write ? WRITE_WANTED : 0));
        list(fd);
    }

    /** An edge from {@code epoll_wait}: hang-up and error make both directions ready (the I/O reports which). */
    void edge(int fd, boolean readable, boolean writable) {
        state[fd] |= (byte) ((readable ? READABLE : 0) | (writable ? WRITABLE : 0));
        list(fd);
    }

    /** After a read: {@code maybeMore} when it filled the buffer, else the queue was empty (or at its end). */
    void read(int fd, boolean maybeMore) {
        if (maybeMore) {
            state[fd] |= READABLE;
            list(fd);
        } else {
            state[fd] &= ~READABLE;
        }
    }

    /** After a write the socket did not take whole: writable again only at the next edge. */
    void writeBlocked(int fd) {
        state[fd] &= ~WRITABLE;
    }

    private void list(int fd) {
        int s = state[fd];
        if ((s & LISTED) == 0 && reportable(s) != 0) {
            state[fd] = (byte) (s | LISTED);
            listed[count++] = fd;
        }
    }

    private static int reportable(int s) {
        return ((s & (READABLE | READ_WANTED)) == (READABLE | READ_WANTED) ? READ : 0)
            | ((s & (WRITABLE | WRITE_WANTED)) == (WRITABLE | WRITE_WANTED) ? WRITE : 0);
    }

    /** The picoev events {@code fd} is ready for and wants: what the loop is to be told. */
    int events(int fd) {
        return reportable(state[fd]);
    }

    /** Drops the fds with nothing to report any more (the last dispatch read, wrote or lost interest); returns how many stay. */
    int compact() {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int fd = listed[i];
            if (reportable(state[fd]) != 0) {
                listed[kept++] = fd;
            } else {
                state[fd] &= ~LISTED;
            }
        }
        count = kept;
        return kept;
    }

    /** How many fds are listed. */
    int size() {
        return count;
    }

    /** The {@code i}-th listed fd. */
    int fd(int i) {
        return listed[i];
    }
}
