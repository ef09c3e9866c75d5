package io.picoev;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Everything a loop keeps about one registered socket (the seed's {@code Target}): its slot in
 * the loop's table, its file descriptor, its loop, the events it waits for, and the callback
 * those events go to.
 *
 * <p>Every method except the getters MUST be called on the target's loop thread, which is
 * where its callback runs.
 */
public abstract class Target {

    private final int slot;
    private final int fd;
    private final int loopId;
    /** The events waited for: {@link Events#READ}, {@link Events#WRITE}, both, or 0. */
    protected int events;
    /** Where this target's events go. */
    protected Callback callback;
    private Object attachment;

    /** A target in slot {@code slot} of loop {@code loopId}, over descriptor {@code fd}. */
    protected Target(int slot, int fd, int loopId) {
        this.slot = slot;
        this.fd = fd;
        this.loopId = loopId;
    }

    /** Index in its loop's table, from 0; unique among the loop's open targets. */
    public final int slot() {
        return slot;
    }

    /**
     * The OS file descriptor on the epoll transport, as in the seed. NIO reaches no descriptor:
     * there this is the {@link #slot()}, which serves what seed code uses an fd for (indexing
     * per-connection state) but is no OS handle.
     */
    public final int fd() {
        return fd;
    }

    /** Index of the loop that owns this target. */
    public final int loopId() {
        return loopId;
    }

    /** The events currently waited for. */
    public final int events() {
        return events;
    }

    /** The callback this target's events go to. */
    public final Callback callback() {
        return callback;
    }

    /** Per-connection state of the caller's choosing (the seed's per-fd {@code cb_arg}). */
    public final Object attachment() {
        return attachment;
    }

    /** Sets the per-connection state returned by {@link #attachment()}. */
    public final void attach(Object attachment) {
        this.attachment = attachment;
    }

    /** Reads into {@code dst}: bytes read, 0 when none are ready, -1 at end of stream. */
    public abstract int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}: bytes written, 0 when the socket buffer is full. */
    public abstract int write(ByteBuffer src) throws IOException;

    /** Changes the events waited for: {@link Events#READ}, {@link Events#WRITE}, both, or 0. */
    public abstract void setEvents(int events);

    /** Fires {@link Events#TIMEOUT} after {@code seconds} without a new call; 0 clears it (the seed's unit). */
    public final void setTimeout(int seconds) {
        setTimeoutMillis(seconds * 1000L);
    }

    /**
     * Fires {@link Events#TIMEOUT} once {@code millis} have passed without a new call; 0 clears
     * it. Never earlier; later by at most the loop's tick (100 ms) while the loop is not held up.
     */
    public abstract void setTimeoutMillis(long millis);

    /** Sends FIN: the peer reads end of stream while this side may still read. */
    public abstract void shutdownOutput() throws IOException;

    /** Unregisters and closes the socket (the seed's {@code close_conn}); idempotent. */
    public abstract void close();

    /** Whether the target is still registered and open. */
    public abstract boolean isOpen();

    /** The peer's address, or {@code null} when not connected. */
    public abstract SocketAddress remoteAddress();
}
