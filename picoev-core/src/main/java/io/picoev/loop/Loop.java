package io.picoev.loop;

import io.picoev.Callback;
import io.picoev.Events;
import io.picoev.Target;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One event loop, as in picoev: a table of targets, a wait, a dispatch, then the timeouts.
 * It touches sockets only through its {@link Backend}. It runs on one thread; every method
 * except {@link #execute}, {@link #stats()}, {@link #isRunning()}, {@link #isDraining()} and
 * {@link #beginDrain()} MUST be called on that thread (or before it starts).
 *
 * <p>Internal: public for the facade, the HTTP engine and the transports (other packages); not
 * exported by the module, not API.
 */
public final class Loop {

    private static final System.Logger LOG = System.getLogger("io.picoev.loop");
    /**
     * Resolution of the timeout clock, in milliseconds: deadlines are exact to the millisecond
     * and looked at once per tick, so a connection closes at most one tick after its deadline.
     */
    static final int TICK_MILLIS = 100;

    private final int id;
    private final Backend backend;
    private final LoopTarget[] table;
    private final int[] free;
    private int freeCount;
    /** Slots closed during a dispatch batch: reused only after it, so a later event of the batch cannot reach a newcomer. */
    private final int[] released;
    private int releasedCount;
    private boolean dispatching;
    private final TimeoutWheel wheel;
    private final TimeoutWheel.Expiry onTimeout = this::expired;
    private final LoopCounters stats = new LoopCounters();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Runnable> everySecond = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean stopRequested;
    /** True while the loop may be blocked in (or about to enter) a wait: {@link #execute} must wake it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    /** The last tick whose deadlines were expired; ticks count {@link #TICK_MILLIS} from the loop's start. */
    private int expiredTick;
    private long lastSecond;
    private int maxConnections;
    private LoopTarget listener;
    private volatile boolean draining;
    /** The drain task ran: the loop let go of the listener and closed its idle connections. */
    private volatile boolean drained;
    /** Milliseconds since start until which accepting is paused; 0: not paused. */
    private long acceptPausedUntil;

    /** A loop with room for {@code capacity} targets (connections plus the listener). */
    public Loop(int id, int capacity, Backend backend) {
        this.id = id;
        this.backend = backend;
        this.table = new LoopTarget[capacity];
        this.free = new int[capacity];
        this.released = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i; // hand out low slots first
        }
        this.freeCount = capacity;
        this.maxConnections = capacity - 1;
        this.wheel = new TimeoutWheel(capacity, expiredTick);
    }

    /** This loop's index (a transport with a listening socket per loop picks this loop's by it). */
    public int id() {
        return id;
    }

    /** This loop's counters; any thread may read them. */
    public LoopCounters stats() {
        return stats;
    }

    /** Whether the loop thread is running. */
    public boolean isRunning() {
        return running;
    }

    /** Whether a graceful stop has begun: handlers should answer with {@code Connection: close}. */
    public boolean isDraining() {
        return draining;
    }

    /** Whether the caller is on this loop's thread (or the loop has not started yet). */
    boolean inLoop() {
        Thread t = thread;
        return t == null || t == Thread.currentThread();
    }

    /** Runs {@code hook} on the loop thread about once a second (the seed's date refresher). */
    public void everySecond(Runnable hook) {
        everySecond.add(hook);
    }

    /**
     * Registers {@code channel} (the seed's {@code add} on NIO): its {@code events} go to
     * {@code callback}, and {@code timeoutMillis} of silence (0: never) fire {@link Events#TIMEOUT}.
     *
     * @throws IOException when the table is full or the channel cannot be registered
     * @throws UnsupportedOperationException when the transport takes descriptors, not channels
     */
    public Target add(SelectableChannel channel, int events, long timeoutMillis, Callback callback) throws IOException {
        int slot = takeSlot();
        try {
            return register(backend.target(this, slot, channel), events, timeoutMillis, callback);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
    }

    /**
     * Registers descriptor {@code fd} (the seed's {@code add}, verbatim on epoll): its
     * {@code events} go to {@code callback}, and {@code timeoutMillis} of silence (0: never) fire
     * {@link Events#TIMEOUT}. Closing the target closes {@code fd}.
     *
     * @throws IOException when the table is full or the descriptor cannot be registered
     * @throws UnsupportedOperationException on NIO, which reaches no descriptors
     */
    public Target add(int fd, int events, long timeoutMillis, Callback callback) throws IOException {
        int slot = takeSlot();
        try {
            return register(backend.target(this, slot, fd), events, timeoutMillis, callback);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
    }

    private int takeSlot() throws IOException {
        assert inLoop();
        if (freeCount == 0) {
            throw new IOException("loop " + id + " table is full (" + table.length + " targets)");
        }
        return free[--freeCount];
    }

    /** Registers a target made by the backend in its slot; the caller frees the slot if this throws. */
    private LoopTarget register(LoopTarget t, int events, long timeoutMillis, Callback callback) throws IOException {
        t.init(events, callback);
        backend.register(t, events);
        table[t.slot()] = t;
        setTimeout(t, timeoutMillis);
        return t;
    }

    /**
     * Makes this loop accept from {@code listener}: each accepted connection gets the callback
     * {@code connections} supplies, {@code timeoutMillis} of inactivity timeout (0: none), and at
     * most {@code maxConnections} may be open on the loop at once.
     */
    public void listen(Listener listener, int maxConnections, long timeoutMillis, boolean tcpNoDelay,
            Supplier<Callback> connections) throws IOException {
        int slot = takeSlot();
        try {
            Callback acceptor = Acceptor.of(this, timeoutMillis, tcpNoDelay, connections);
            this.listener = register(backend.listener(this, slot, listener), Events.READ, 0, acceptor);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
        this.maxConnections = Math.min(maxConnections, table.length - 1);
    }

    /**
     * Accepts one connection from this loop's listener and registers it for {@link Events#READ},
     * counting it against the loop's limit. Returns false when none was pending, the loop is
     * full, or it drains.
     *
     * @throws IOException when accepting failed (typically EMFILE); the caller pauses accepting
     */
    boolean acceptOne(boolean tcpNoDelay, long timeoutMillis, Supplier<Callback> callbacks) throws IOException {
        if (listener == null || draining || freeCount == 0 || stats.openConnections() >= maxConnections) {
            return false;
        }
        int slot = free[--freeCount];
        LoopTarget t;
        try {
            t = backend.accept(this, slot, listener, tcpNoDelay);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
        if (t == null) {
            free[freeCount++] = slot;
            return false;
        }
        try {
            register(t, Events.READ, timeoutMillis, callbacks.get());
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            LOG.log(Level.DEBUG, "could not register an accepted connection", e);
            try {
                t.closeSocket();
            } catch (IOException ignored) {
                // already failing
            }
            return true;
        }
        t.connection = true;
        stats.connectionOpened();
        if (stats.openConnections() >= maxConnections) {
            listener.setEvents(0); // full: leave new connections in the backlog for other loops
        }
        return true;
    }

    /** Listens again unless full, paused after an accept failure, or draining. */
    private void resumeAccepting() {
        if (listener != null && stats.openConnections() < maxConnections && acceptPausedUntil == 0 && !draining) {
            listener.setEvents(Events.READ);
        }
    }

    /** Stops accepting for about a second, after accept failed for want of file descriptors. */
    void pauseAccepting() {
        if (listener != null) {
            listener.setEvents(0);
            acceptPausedUntil = millis() + 1000;
        }
    }

    /**
     * Arms {@code t}'s deadline {@code millis} from now (0: disarms). The deadline is rounded up
     * to a tick, and a tick is expired only once the loop has seen the clock pass it, so the
     * target gets {@code TIMEOUT} after at least {@code millis} of silence.
     */
    void setTimeout(LoopTarget t, long millis) {
        if (millis <= 0) {
            wheel.disarm(t.slot());
        } else {
            // read the clock now, not at the last wait: a handler may have held the loop since
            wheel.arm(t.slot(), (int) ((millis() + millis + TICK_MILLIS - 1) / TICK_MILLIS));
        }
    }

    /** Milliseconds since the loop was made. */
    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Changes the events {@code t} waits for; from {@link LoopTarget#setEvents}. */
    void update(LoopTarget t, int events) {
        assert inLoop();
        backend.update(t, events);
    }

    /** Unregisters and closes {@code t} (the seed's {@code close_conn}); idempotent. */
    void close(LoopTarget t) {
        assert inLoop();
        if (!t.isOpen()) {
            return;
        }
        t.markClosed();
        int slot = t.slot();
        wheel.disarm(slot);
        table[slot] = null;
        if (dispatching) {
            released[releasedCount++] = slot;
        } else {
            free[freeCount++] = slot;
        }
        backend.deregister(t);
        try {
            t.closeSocket();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "close failed", e);
        }
        if (t == listener) {
            listener = null;
            return;
        }
        if (t.connection) {
            stats.connectionClosed();
            resumeAccepting();
        }
    }

    /** Runs {@code task} on the loop thread soon; any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        // wake the selector only when the loop may be blocked in it: one syscall per sleep, not per task
        if (thread != Thread.currentThread() && sleeping.compareAndSet(true, false)) {
            backend.wakeup();
        }
    }

    /** Hands {@code events} to {@code t}'s callback; an exception closes {@code t}. */
    private void dispatch(LoopTarget t, int events) {
        try {
            t.callback().onEvent(t, events);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "Callback failed on loop " + id + "; closing its connection", e);
            close(t);
        }
    }

    /** Dispatches the {@code n} targets the last poll found ready. */
    private void dispatchReady(int n) {
        dispatching = true;
        try {
            for (int i = 0; i < n; i++) {
                LoopTarget t = table[backend.readySlot(i)];
                if (t != null) {
                    dispatch(t, backend.readyEvents(i));
                }
            }
        } finally {
            dispatching = false;
            while (releasedCount > 0) {
                free[freeCount++] = released[--releasedCount];
            }
        }
    }

    private void expired(int slot) {
        LoopTarget t = table[slot];
        if (t != null) {
            dispatch(t, Events.TIMEOUT);
        }
    }

    /** The loop body: wait, dispatch, run tasks, fire timeouts; until {@link #requestStop()}. */
    public void run() {
        thread = Thread.currentThread();
        running = true;
        try {
            tick(millis());
            while (!stopRequested) {
                long start = millis();
                long wait = 0;
                if (tasks.isEmpty() && start / TICK_MILLIS <= expiredTick) { // no tick is overdue
                    sleeping.set(true); // from here on a new task wakes us; re-check for one that came just before
                    wait = tasks.isEmpty() ? TICK_MILLIS - start % TICK_MILLIS : 0;
                }
                try {
                    int ready = backend.poll(wait);
                    sleeping.set(false);
                    dispatchReady(ready);
                    // The wait saw every socket's input as of `start` (or, with nothing ready, as of now).
                    // Expire only up to then: a deadline that passed while a handler held the loop is
                    // looked at after the next wait, which first hands over the input that came meanwhile.
                    long seen = ready == 0 ? millis() : start;
                    runTasks();
                    tick(seen);
                } catch (Throwable e) { // the loop thread never dies of one bad event
                    LOG.log(Level.ERROR, "Loop " + id + " failed an iteration; going on", e);
                }
            }
        } finally {
            closeAll();
            running = false;
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "Task failed on loop " + id, e);
            }
        }
    }

    /** Runs the once-a-second hooks and expires the deadlines that passed by {@code seen} (ms since start). */
    private void tick(long seen) {
        long second = seen / 1000;
        if (second != lastSecond) {
            lastSecond = second;
            for (Runnable hook : everySecond) {
                hook.run();
            }
        }
        int tick = (int) (seen / TICK_MILLIS);
        if (tick > expiredTick) {
            expiredTick = tick;
            wheel.expire(tick, onTimeout);
        }
        if (acceptPausedUntil != 0 && seen >= acceptPausedUntil) {
            acceptPausedUntil = 0;
            resumeAccepting();
        }
    }

    /**
     * Starts a graceful stop on this loop: stops accepting, marks the loop draining and closes
     * every connection whose callback is not {@link Callback#busy busy}.
     */
    public void drain() {
        assert inLoop();
        draining = true;
        stopListening();
        for (LoopTarget t : table) {
            if (t != null && !t.callback().busy(t)) {
                close(t);
            }
        }
        drained = true;
    }

    /** Whether {@link #drain()} ran; any thread. */
    public boolean isDrained() {
        return drained;
    }

    /**
     * Marks the loop draining from any thread, before its {@link #drain()} task can run: a loop
     * held by a handler accepts nothing more when it comes back, and answers carry
     * {@code Connection: close}.
     */
    public void beginDrain() {
        draining = true;
    }

    /** Lets go of the listener (the server closes the listener itself); idempotent. */
    public void stopListening() {
        assert inLoop();
        if (listener != null) {
            close(listener);
        }
    }

    /** Asks the loop to close everything and return from {@link #run()}; any thread. */
    public void requestStop() {
        stopRequested = true;
        backend.wakeup();
    }

    private void closeAll() {
        for (LoopTarget t : table) {
            if (t != null) {
                close(t);
            }
        }
        try {
            backend.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "selector close failed", e);
        }
    }
}
