package io.picoev;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of one loop. Only the loop thread writes them, without locks or atomics
 * (opaque stores: no fence on x86/ARM); any thread may read them, seeing values at most a
 * moment old. This is what metrics read: nothing on the request path calls a meter.
 */
public final class LoopStats {

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

    private void add(int i, long delta) {
        LONGS.setOpaque(values, i, (long) LONGS.getOpaque(values, i) + delta);
    }

    private long get(int i) {
        return (long) LONGS.getOpaque(values, i);
    }

    /** Loop thread only: a connection was accepted and registered. */
    public void connectionOpened() {
        add(OPEN, 1);
        add(ACCEPTED, 1);
    }

    /** Loop thread only: a connection was closed. */
    public void connectionClosed() {
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

    /** Times a handler held this loop longer than {@code Config.blockedLoopThresholdMillis()}. */
    public long blockedLoops() {
        return get(BLOCKED);
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

    /** Connections open now. */
    public long openConnections() {
        return get(OPEN);
    }

    /** Connections accepted since start. */
    public long accepted() {
        return get(ACCEPTED);
    }

    /** Connections closed since start, for any reason. */
    public long closed() {
        return get(CLOSED);
    }

    /** Connections closed by the inactivity timeout. */
    public long timeouts() {
        return get(TIMEOUTS);
    }

    /** Requests handed to the handler. */
    public long requests() {
        return get(REQUESTS);
    }

    /** Requests refused as malformed or over a limit (400, 413, 414, 431, 501, 505). */
    public long parseErrors() {
        return get(PARSE_ERRORS);
    }

    /** Handler calls that threw or left no response. */
    public long handlerErrors() {
        return get(HANDLER_ERRORS);
    }

    /** Bytes read from sockets. */
    public long bytesRead() {
        return get(BYTES_READ);
    }

    /** Bytes written to sockets. */
    public long bytesWritten() {
        return get(BYTES_WRITTEN);
    }

    /** Read calls that returned data. */
    public long readCalls() {
        return get(READ_CALLS);
    }

    /** Write calls made (each a syscall; one per read batch of pipelined responses). */
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
