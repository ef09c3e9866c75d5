package io.picoev;

/**
 * The counters of one loop, read-only: from {@link Picoev#loopStats()}. Only the loop thread
 * writes them, without locks or atomics; any thread may read them, seeing values at most a
 * moment old. This is what metrics read: nothing on the request path calls a meter.
 */
public interface LoopStats {

    /** Times a handler held this loop longer than {@code Config.blockedLoopThresholdMillis()}. */
    long blockedLoops();

    /** Connections open now. */
    long openConnections();

    /** Connections accepted since start. */
    long accepted();

    /** Connections closed since start, for any reason. */
    long closed();

    /** Connections closed by the inactivity timeout. */
    long timeouts();

    /** Requests handed to the handler. */
    long requests();

    /** Requests refused as malformed or over a limit (400, 413, 414, 431, 501, 505). */
    long parseErrors();

    /** Handler calls that threw or left no response. */
    long handlerErrors();

    /** Bytes read from sockets. */
    long bytesRead();

    /** Bytes written to sockets. */
    long bytesWritten();

    /** Read calls that returned data. */
    long readCalls();

    /** Write calls made (each a syscall; one per read batch of pipelined responses). */
    long writeCalls();
}
