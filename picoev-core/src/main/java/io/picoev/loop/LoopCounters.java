package io.picoev.loop;

import io.picoev.LoopStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Internal: the {@link LoopStats} of one loop with their writers, which only the loop thread
 * calls (the blocked-loop watchdog is the single writer of its own counter). Opaque stores: no
 * lock, atomic or fence on x86/ARM. Public only for the HTTP engine (another package); not
 * exported by the module, not API.
 */
public final class LoopCounters implements LoopStats {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private static final int OPEN = 0;
    private static final int ACCEPTED = 1;
    private static final int TIMEOUTS = 2;
    private static final int REQUESTS = 3;
    private static final int PARSE_ERRORS = 4;
    private static final int HANDLER_ERRORS = 5;
    private static final int BYTES_READ = 6;
    private static final int BYTES_WRITTEN = 7;
    private static final int CLOSED = 8;
    private static final int READ_CALLS = 9;
    private static final int WRITE_CALLS = 10;
    private static final int BLOCKED = 11;

    // padded apart so two loops' counters never share a cache line
    private final long[] values = new long[16];

    LoopCounters() {
    }

    private void add(int i, long delta) {
        LONGS.setOpaque(values, i, (long) LONGS.getOpaque(values, i) + delta);
    }

    private long get(int i) {
        return (long) LONGS.getOpaque(values, i);
    }

    /** Loop thread only: a connection was accepted and registered. */
    void connectionOpened() {
        add(OPEN, 1);
        add(ACCEPTED, 1);
    }

    /** Loop thread only: a connection was closed. */
    void connectionClosed() {
        add(OPEN, -1);
        add(CLOSED, 1);
    }

    /** Loop thread only: a connection timed out. */
    public void timeout() {
        add(TIMEOUTS, 1);
    }

    /** Loop thread only: a request reached the handler. */
    public void request() {
        add(REQUESTS, 1);
    }

    /** Loop thread only: a request was malformed or over a limit. */
    public void parseError() {
        add(PARSE_ERRORS, 1);
    }

    /** Loop thread only: a handler threw or wrote no response. */
    public void handlerError() {
        add(HANDLER_ERRORS, 1);
    }

    /** The blocked-loop watchdog only (its single writer): a handler held the loop past the threshold. */
    public void blockedLoop() {
        add(BLOCKED, 1);
    }

    /** Loop thread only: one read call returned {@code bytes}. */
    public void read(long bytes) {
        add(BYTES_READ, bytes);
        add(READ_CALLS, 1);
    }

    /** Loop thread only: one write call took {@code bytes}. */
    public void written(long bytes) {
        add(BYTES_WRITTEN, bytes);
        add(WRITE_CALLS, 1);
    }

    @Override
    public long blockedLoops() {
        return get(BLOCKED);
    }

    @Override
    public long openConnections() {
        return get(OPEN);
    }

    @Override
    public long accepted() {
        return get(ACCEPTED);
    }

    @Override
    public long closed() {
        return get(CLOSED);
    }

    @Override
    public long timeouts() {
        return get(TIMEOUTS);
    }

    @Override
    public long requests() {
        return get(REQUESTS);
    }

    @Override
    public long parseErrors() {
        return get(PARSE_ERRORS);
    }

    @Override
    public long handlerErrors() {
        return get(HANDLER_ERRORS);
    }

    @Override
    public long bytesRead() {
        return get(BYTES_READ);
    }

    @Override
    public long bytesWritten() {
        return get(BYTES_WRITTEN);
    }

    @Override
    public long readCalls() {
        return get(READ_CALLS);
    }

    @Override
    public long writeCalls() {
        return get(WRITE_CALLS);
    }

    @Override
    public String toString() {
        return "LoopStats[open=" + openConnections() + ", accepted=" + accepted() + ", timeouts=" + timeouts()
            + ", requests=" + requests() + ", parseErrors=" + parseErrors() + ", handlerErrors=" + handlerErrors()
            + ", bytesRead=" + bytesRead() + ", bytesWritten=" + bytesWritten() + "]";
    }
}
