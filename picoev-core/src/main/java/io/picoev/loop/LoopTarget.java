package io.picoev.loop;

import io.picoev.Target;
import java.io.IOException;

/**
 * A target whose loop duties ({@link #setEvents}, {@link #setTimeout}, {@link #close}) go to its
 * {@link Loop}; a backend subclasses it with the I/O and {@link #closeSocket()}.
 */
public abstract class LoopTarget extends Target {

    /** The loop that owns this target. */
    protected final Loop loop;
    boolean open = true;

    /** A target in {@code slot} of {@code loop} for the file descriptor {@code fd} (the slot on NIO). */
    protected LoopTarget(Loop loop, int slot, int fd) {
        super(slot, fd, loop.id(), 0, null);
        this.loop = loop;
    }

    void bind(int events, io.picoev.Callback callback) {
        this.events = events;
        this.callback = callback;
    }

    void events(int events) {
        this.events = events;
    }

    @Override
    public final void setEvents(int events) {
        if (open && events != this.events) {
            loop.update(this, events);
        }
    }

    @Override
    public final void setTimeout(int seconds) {
        if (open) {
            loop.setTimeout(this, seconds);
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

    /** Releases the OS socket; called once, after the backend let go of it. */
    protected abstract void closeSocket() throws IOException;
}
