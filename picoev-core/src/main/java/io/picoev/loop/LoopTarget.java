package io.picoev.loop;

import io.picoev.Callback;
import io.picoev.Target;
import java.io.IOException;

/**
 * A {@link Target} as a loop keeps it: the loop's duties (events, timeout, close) go through
 * the {@link Loop} and its {@link Backend}; a backend subclasses this for the socket's I/O
 * ({@code read}, {@code write}, {@code shutdownOutput}, {@code remoteAddress}) and
 * {@link #closeSocket()}. Loop-confined. Internal: public for the transports' packages; not
 * exported by the module, not API (applications see {@link Target}).
 */
public abstract class LoopTarget extends Target {

    private final Loop loop;
    private boolean open = true;
    /** Accepted by the loop, so counted in its open connections. */
    boolean connection;

    /** A target of {@code loop} in {@code slot} over descriptor {@code fd} (the slot again where there is none). */
    protected LoopTarget(Loop loop, int slot, int fd) {
        super(slot, fd, loop.id());
        this.loop = loop;
    }

    /** The loop that owns this target. */
    protected final Loop loop() {
        return loop;
    }

    /** Releases the OS socket; called once by the loop, after {@link Backend#deregister}. */
    protected abstract void closeSocket() throws IOException;

    final void init(int events, Callback callback) {
        this.events = events;
        this.callback = callback;
    }

    final void markClosed() {
        open = false;
    }

    @Override
    public final void setEvents(int events) {
        if (open && events != this.events) {
            this.events = events;
            loop.update(this, events);
        }
    }

    @Override
    public final void setTimeoutMillis(long millis) {
        if (open) {
            loop.setTimeout(this, millis);
        }
    }

    @Override
    public final void close() {
        loop.close(this);
    }

    @Override
    public final boolean isOpen() {
        return open;
    }
}
