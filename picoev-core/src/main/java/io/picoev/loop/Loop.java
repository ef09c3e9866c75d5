package io.picoev.loop;

import io.picoev.Callback;
import io.picoev.LoopStats;
import io.picoev.Picoev;
import io.picoev.Target;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event loop, as in picoev: a table of targets, a wait, a dispatch, then the timeouts.
 * It runs on one thread; every method except {@link #execute}, {@link #id()},
 * {@link #stats()} and {@link #isRunning()} MUST be called on that thread (or before it starts).
 */
public final class Loop implements TimeoutWheel.Expiry {

    private static final System.Logger LOG = System.getLogger("io.picoev.loop");
    /**
     * Resolution of the timeout clock, in milliseconds: deadlines are exact to the millisecond
     * and looked at once per tick, so a connection closes at most one tick after its deadline.
     */
    static final int TICK_MILLIS = 100;

    private final int id;
    // the NIO backend until the epoll transport arrives; Backend marks the boundary it must keep
    private final NioBackend backend;
    private final NioTarget[] table;
    private final int[] free;
    private int freeCount;
    private final TimeoutWheel wheel;
    private final LoopStats stats = new LoopStats();
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
    private NioTarget listener;
    private volatile boolean draining;
    /** Milliseconds since start until which accepting is paused; 0: not paused. */
    private long acceptPausedUntil;

    /** A loop with room for {@code capacity} targets (connections plus the listener). */
    public Loop(int id, int capacity, NioBackend backend) {
        this.id = id;
        this.backend = backend;
        this.table = new NioTarget[capacity];
        this.free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i; // hand out low slots first
        }
        this.freeCount = capacity;
        this.maxConnections = capacity - 1;
        this.wheel = new TimeoutWheel(capacity, expiredTick);
    }

    /** This loop's index. */
    public int id() {
        return id;
    }

    /** This loop's counters; any thread may read them. */
    public LoopStats stats() {
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
    public boolean inLoop() {
        Thread t = thread;
        return t == null || t == Thread.currentThread();
    }

    /** Runs {@code hook} on the loop thread about once a second (the seed's date refresher). */
    public void everySecond(Runnable hook) {
        everySecond.add(hook);
    }

    /**
     * Registers {@code channel} (the seed's {@code add}): its {@code events} go to {@code callback},
     * and {@code timeoutMillis} of silence (0: never) fire {@link Picoev#TIMEOUT}.
     *
     * @throws IOException when the table is full or the channel cannot be registered
     */
    public Target add(SelectableChannel channel, int events, long timeoutMillis, Callback callback) throws IOException {
        assert inLoop();
        if (freeCount == 0) {
            throw new IOException("loop " + id + " table is full (" + table.length + " targets)");
        }
        int slot = free[--freeCount];
        NioTarget t = new NioTarget(this, slot, channel, events, callback);
        try {
            t.key = backend.register(channel, events, t);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
        table[slot] = t;
        setTimeout(t, timeoutMillis);
        return t;
    }

    /** Registers an accepted connection, counting it against the loop's limit. */
    Target addConnection(SelectableChannel channel, long timeoutMillis, Callback callback) throws IOException {
        Target t = add(channel, Picoev.READ, timeoutMillis, callback);
        stats.connectionOpened();
        if (stats.openConnections() >= maxConnections && listener != null) {
            listener.setEvents(0); // full: leave new connections in the backlog for other loops
        }
        return t;
    }

    /** Makes {@code listener} this loop's listener target; connections close it to make room. */
    void listen(NioTarget listener, int maxConnections) {
        this.listener = listener;
        this.maxConnections = Math.min(maxConnections, table.length - 1);
    }

    /** Listens again unless full, paused after an accept failure, or draining. */
    private void resumeAccepting() {
        if (listener != null && stats.openConnections() < maxConnections && acceptPausedUntil == 0 && !draining) {
            listener.setEvents(Picoev.READ);
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
    void setTimeout(NioTarget t, long millis) {
        if (millis <= 0) {
            wheel.disarm(t.fd());
        } else {
            // read the clock now, not at the last wait: a handler may have held the loop since
            wheel.arm(t.fd(), (int) ((millis() + millis + TICK_MILLIS - 1) / TICK_MILLIS));
        }
    }

    /** Milliseconds since the loop was made. */
    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Unregisters and closes {@code t} (the seed's {@code close_conn}); idempotent. */
    void close(NioTarget t) {
        assert inLoop();
        if (!t.open) {
            return;
        }
        t.open = false;
        int slot = t.fd();
        wheel.disarm(slot);
        table[slot] = null;
        free[freeCount++] = slot;
        if (t.key != null) {
            t.key.cancel();
        }
        if (t != listener) {
            try {
                t.channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "close failed", e);
            }
        }
        if (t == listener) { // the listener channel is shared by all loops: Picoev closes it
            listener = null;
            return;
        }
        stats.connectionClosed();
        resumeAccepting();
    }

    /** Runs {@code task} on the loop thread soon; any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        // wake the selector only when the loop may be blocked in it: one syscall per sleep, not per task
        if (thread != Thread.currentThread() && sleeping.compareAndSet(true, false)) {
            backend.wakeup();
        }
    }

    /** Called by the backend for each ready target. */
    void dispatch(NioTarget t, int events) {
        if (!t.open) {
            return;
        }
        try {
            t.callback().onEvent(t, events);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "Callback failed on loop " + id + "; closing its connection", e);
            close(t);
        }
    }

    @Override
    public void expired(int slot) {
        NioTarget t = table[slot];
        if (t != null) {
            dispatch(t, Picoev.TIMEOUT);
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
                    int ready = backend.poll(wait, this);
                    sleeping.set(false);
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
            wheel.expire(tick, this);
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
        if (listener != null) {
            try {
                listener.channel.close(); // shared: the first loop to drain refuses new connections for all
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the listener failed", e);
            }
            close(listener);
            backend.deregisterCancelled(); // the OS closes the socket once every selector lets go of it
        }
        for (NioTarget t : table) {
            if (t != null && !t.callback().busy(t)) {
                close(t);
            }
        }
    }

    /** Asks the loop to close everything and return from {@link #run()}; any thread. */
    public void requestStop() {
        stopRequested = true;
        backend.wakeup();
    }

    private void closeAll() {
        for (NioTarget t : table) {
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
