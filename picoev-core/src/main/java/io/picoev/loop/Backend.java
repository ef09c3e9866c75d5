package io.picoev.loop;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectableChannel;

/**
 * What a loop needs from the operating system, in picoev's duties: make targets, register,
 * update and deregister their events, wait once and report what is ready, wake up, close. The
 * backend never calls a callback: the {@link Loop} dispatches. One per loop; every method but
 * {@link #wakeup()} MUST be called on the loop thread.
 */
public interface Backend extends Closeable {

    /** A target in {@code slot} for the file descriptor {@code fd} the caller opened (the seed's {@code add(fd, …)}). */
    LoopTarget target(Loop loop, int slot, int fd) throws IOException;

    /** A target in {@code slot} for a NIO channel. */
    LoopTarget target(Loop loop, int slot, SelectableChannel channel) throws IOException;

    /** This loop's target in {@code slot} for the shared {@code listener}. */
    LoopTarget listener(Loop loop, int slot, Listener listener) throws IOException;

    /**
     * Accepts one connection from {@code listener}, non-blocking, as a target in {@code slot}
     * (not registered yet); null when none is waiting (or another loop took it).
     *
     * @throws IOException when accepting fails, typically for want of file descriptors (the loop backs off)
     */
    LoopTarget accept(Loop loop, int slot, LoopTarget listener, boolean tcpNoDelay) throws IOException;

    /** Starts watching {@code t} for {@code events} ({@code READ}/{@code WRITE} bits, or 0). */
    void register(LoopTarget t, int events) throws IOException;

    /** Changes what {@code t} is watched for; called only when {@code events} differ. */
    void update(LoopTarget t, int events) throws IOException;

    /** Stops watching {@code t}, before its socket closes. */
    void deregister(LoopTarget t);

    /**
     * Waits up to {@code timeoutMillis} (0: do not wait) and returns how many targets are
     * ready; {@link #readySlot} and {@link #readyEvents} describe them until the next poll.
     */
    int poll(long timeoutMillis) throws IOException;

    /** The slot of ready target {@code i}. */
    int readySlot(int i);

    /** The {@code READ}/{@code WRITE} bits of ready target {@code i}. */
    int readyEvents(int i);

    /** Makes a waiting {@link #poll} return now; any thread. */
    void wakeup();
}
