package io.picoev.loop;

import java.io.Closeable;
import java.io.IOException;

/**
 * What a loop needs from the operating system, in picoev's four duties: create (the
 * constructor), update the events of a target, wait and dispatch once, destroy ({@link #close}).
 * Every method but {@link #wakeup()} MUST be called on the loop thread.
 */
public interface Backend extends Closeable {

    /**
     * Waits up to {@code timeoutMillis} (0: do not wait) and hands each ready target to
     * {@code loop}; returns how many were ready.
     */
    int poll(long timeoutMillis, Loop loop) throws IOException;

    /** Makes a waiting {@link #poll} return now; any thread. */
    void wakeup();
}
