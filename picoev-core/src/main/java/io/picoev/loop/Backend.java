package io.picoev.loop;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectableChannel;

/**
 * What one {@link Loop} needs from the operating system: picoev's backend duties (create,
 * update the events of a target, wait once, destroy) plus wake-up and accepting, so that the
 * loop and the accept logic touch no socket API themselves. One backend per loop, made by
 * {@link TransportProvider#newBackend(int)}; implementations live in their own packages
 * ({@code io.picoev.loop.nio}, {@code io.picoev.loop.epoll}) as siblings.
 *
 * <p>Thread confinement: every method MUST be executed on the loop thread (or before the loop
 * starts), except {@link #wakeup()}, which any thread may call. Nothing here is thread-safe
 * otherwise.
 *
 * <p>Internal: public for the transports' packages; not exported by the module, not API.
 *
 * <p>Events are the seed's bits: {@link io.picoev.Events#READ} and {@link io.picoev.Events#WRITE},
 * or 0 for "registered, waiting for nothing". A backend never produces
 * {@link io.picoev.Events#TIMEOUT}; the loop does. Targets are known to the backend by their
 * {@link LoopTarget#slot() slot}, which the loop hands out and reuses only after a closed target
 * was {@link #deregister deregistered} and the batch it was closed in was dispatched.
 */
public interface Backend extends Closeable {

    /**
     * A target over {@code fd}, a descriptor the caller opened (the seed's {@code add(fd, …)}),
     * in slot {@code slot} of {@code loop}; not registered yet.
     *
     * @throws UnsupportedOperationException where descriptors are not reachable (NIO)
     */
    default LoopTarget target(Loop loop, int slot, int fd) throws IOException {
        throw new UnsupportedOperationException("this transport has no file descriptors: use add(SelectableChannel, ...)");
    }

    /**
     * A target over {@code channel} in slot {@code slot} of {@code loop}; not registered yet.
     *
     * @throws UnsupportedOperationException where channels are not the unit (epoll may refuse)
     */
    default LoopTarget target(Loop loop, int slot, SelectableChannel channel) throws IOException {
        throw new UnsupportedOperationException("this transport takes file descriptors: use add(int fd, ...)");
    }

    /** This loop's target for {@code listener} (made by the same transport), in {@code slot}; not registered yet. */
    LoopTarget listener(Loop loop, int slot, Listener listener) throws IOException;

    /**
     * Accepts one pending connection on {@code listener} without blocking, as a target in slot
     * {@code slot} (not registered yet), with {@code TCP_NODELAY} when {@code tcpNoDelay}.
     *
     * @return the new target, or {@code null} when none is pending (another loop may have taken it)
     * @throws IOException when accepting failed, typically for want of descriptors (EMFILE,
     *     ENFILE): the loop then pauses accepting
     */
    LoopTarget accept(Loop loop, int slot, LoopTarget listener, boolean tcpNoDelay) throws IOException;

    /** Starts watching {@code target} for {@code events}. */
    void register(LoopTarget target, int events) throws IOException;

    /** Changes the events {@code target} is watched for; called only when they change. */
    void update(LoopTarget target, int events);

    /** Stops watching {@code target}; called once, before its socket is closed. */
    void deregister(LoopTarget target);

    /**
     * Waits up to {@code timeoutMillis} (0: does not block) for registered targets to become
     * ready and returns how many are; their slots and events are then {@link #readySlot(int)}
     * and {@link #readyEvents(int)} for indexes {@code [0, n)}, valid until the next poll. An
     * interrupted wait (EINTR) or a {@link #wakeup()} returns 0. Calls no callback.
     */
    int poll(long timeoutMillis) throws IOException;

    /** Slot of the {@code i}-th ready target of the last {@link #poll}. */
    int readySlot(int i);

    /**
     * Events of the {@code i}-th ready target of the last {@link #poll}: READ when readable,
     * at end of stream, hung up or in error (the read reports which); WRITE when writable.
     */
    int readyEvents(int i);

    /** Makes a blocked {@link #poll} return now, or the next one return at once; any thread. */
    void wakeup();

    /** Releases the backend; on the loop thread, after every target was closed. */
    @Override
    void close() throws IOException;
}
