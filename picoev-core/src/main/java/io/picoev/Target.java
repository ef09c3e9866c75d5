package io.picoev;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Everything a loop keeps about one registered channel (the seed's {@code Target}): its slot,
 * its loop, the events it waits for, and the callback those events go to.
 *
 * <p>Every method except the getters MUST be called on the target's loop thread, which is
 * where its callback runs.
 */
public abstract class Target {

    /** The slot in its loop's table and timeout wheel. */
    protected final int slot;
    /** The OS file descriptor (epoll), or the slot where no descriptor is reachable (NIO). */
    protected final int fd;
    /** The loop that owns this target. */
    protected final int loopId;
    /** The events waited for: {@link Picoev#READ}, {@link Picoev#WRITE}, both, or 0. */
    protected int events;
    /** Where this target's events go. */
    protected Callback callback;
    private Object attachment;

    /** A target for slot {@code fd} of loop {@code loopId}. */
    protected Target(int fd, int loopId, int events, Callback callback) {
        this(fd, fd, loopId, events, callback);
    }

    /** A target in {@code slot} of loop {@code loopId} for the file descriptor {@code fd}. */
    protected Target(int slot, int fd, int loopId, int events, Callback callback) {
        this.slot = slot;
        this.fd = fd;
        this.loopId = loopId;
        this.events = events;
        this.callback = callback;
    }

    /** The OS file descriptor on epoll, as in the seed; the slot on NIO, where no descriptor is reachable. */
    public final int fd() {
        return fd;
    }

    /** The slot in its loop's table (dense, from 0). */
    public final int slot() {
        return slot;
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

    /** Changes the events waited for: {@link Picoev#READ}, {@link Picoev#WRITE}, both, or 0. */
    public abstract void setEvents(int events);

    /** Fires {@link Picoev#TIMEOUT} after {@code seconds} without a new call; 0 clears it. */
    public abstract void setTimeout(int seconds);

    /** Sends FIN: the peer reads end of stream while this side may still read. */
    public abstract void shutdownOutput() throws IOException;

    /** Unregisters and closes the channel (the seed's {@code close_conn}); idempotent. */
    public abstract void close();

    /** Whether the target is still registered and open. */
    public abstract boolean isOpen();

    /** The peer's address, or {@code null} when not connected. */
    public abstract SocketAddress remoteAddress();
}
