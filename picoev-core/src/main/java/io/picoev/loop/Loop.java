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

    private final int id;
    private final Backend backend;
    private final LoopTarget[] table;
    private final int[] free;
    private int freeCount;
    /** Slots freed while a batch of ready events is dispatched: reused only after it, so no late event finds a newcomer. */
    private final int[] freedInBatch;
    private int freedInBatchCount;
    private boolean dispatching;
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
    private int now = 1; // seconds since start, from 1: 0 means "no deadline" in the wheel
    private int lastTick;
    private int maxConnections;
    private LoopTarget listener;
    private Listener sharedListener;
    private volatile boolean draining;
    private int acceptPausedUntil;

    /** A loop with room for {@code capacity} targets (connections plus the listener). */
    public Loop(int id, int capacity, Backend backend) {
        this.id = id;
        this.backend = backend;
        this.table = new LoopTarget[capacity];
        this.free = new int[capacity];
        this.freedInBatch = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i; // hand out low slots first
        }
        this.freeCount = capacity;
        this.maxConnections = capacity - 1;
        this.wheel = new TimeoutWheel(capacity, now);
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
     * and {@code timeoutSecs} of silence (0: never) fire {@link Picoev#TIMEOUT}.
     *
     * @throws IOException when the table is full or the channel cannot be registered
     */
    public Target add(SelectableChannel channel, int events, int timeoutSecs, Callback callback) throws IOException {
        assert inLoop();
        int slot = takeSlot();
        LoopTarget t;
        try {
            t = backend.target(this, slot, channel);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
        return install(t, events, timeoutSecs, callback);
    }

    /**
     * Registers the file descriptor {@code fd} the caller opened (the seed's {@code add}, verbatim);
     * the epoll transport only.
     *
     * @throws UnsupportedOperationException on NIO, which cannot watch a bare descriptor
     */
    public Target add(int fd, int events, int timeoutSecs, Callback callback) throws IOException {
        assert inLoop();
        int slot = takeSlot();
        LoopTarget t;
        try {
            t = backend.target(this, slot, fd);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
        return install(t, events, timeoutSecs, callback);
    }

    private int takeSlot() throws IOException {
        if (freeCount == 0) {
            throw new IOException("loop " + id + " table is full (" + table.length + " targets)");
        }
        return free[--freeCount];
    }

    /** Registers a made target in its slot; on failure the slot is free again and the socket closed. */
    private LoopTarget install(LoopTarget t, int events, int timeoutSecs, Callback callback) throws IOException {
        t.bind(events, callback);
        try {
            backend.register(t, events);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = t.slot();
            throw e;
        }
        table[t.slot()] = t;
        setTimeout(t, timeoutSecs);
        return t;
    }

    /** Accepts one connection from this loop's listener: null when none is waiting. */
    LoopTarget accept(LoopTarget from, boolean tcpNoDelay) throws IOException {
        if (freeCount == 0) {
            return null;
        }
        int slot = free[--freeCount];
        LoopTarget t;
        try {
            t = backend.accept(this, slot, from, tcpNoDelay);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
        if (t == null) {
            free[freeCount++] = slot;
        }
        return t;
    }

    /** Registers this loop's target for the shared {@code l}, with {@code callback} accepting. */
    LoopTarget addListener(Listener l, Callback callback) throws IOException {
        int slot = takeSlot();
        LoopTarget t;
        try {
            t = backend.listener(this, slot, l);
        } catch (IOException | RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        }
        return install(t, Picoev.READ, 0, callback);
    }

    /** Registers an accepted connection, counting it against the loop's limit. */
    Target addConnection(LoopTarget accepted, int timeoutSecs, Callback callback) throws IOException {
        Target t;
        try {
            t = install(accepted, Picoev.READ, timeoutSecs, callback);
        } catch (IOException | RuntimeException e) {
            try {
                accepted.closeSocket();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
        stats.connectionOpened();
        if (stats.openConnections() >= maxConnections && listener != null) {
            listener.setEvents(0); // full: leave new connections in the backlog for other loops
        }
        return t;
    }

    /** Makes {@code listener} this loop's listener target; connections close it to make room. */
    void listen(Listener shared, LoopTarget listener, int maxConnections) {
        this.sharedListener = shared;
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
            acceptPausedUntil = now + 1;
        }
    }

    /** Changes what {@code t} waits for (from {@link LoopTarget#setEvents}). */
    void update(LoopTarget t, int events) {
        try {
            backend.update(t, events);
            t.events(events);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "changing events failed; closing", e);
            close(t);
        }
    }

    void setTimeout(LoopTarget t, int seconds) {
        if (seconds <= 0) {
            wheel.disarm(t.slot());
        } else {
            wheel.arm(t.slot(), now + seconds);
        }
    }

    /** Unregisters and closes {@code t} (the seed's {@code close_conn}); idempotent. */
    void close(LoopTarget t) {
        assert inLoop();
        if (!t.open) {
            return;
        }
        t.open = false;
        int slot = t.slot();
        wheel.disarm(slot);
        table[slot] = null;
        if (dispatching) {
            freedInBatch[freedInBatchCount++] = slot;
        } else {
            free[freeCount++] = slot;
        }
        backend.deregister(t);
        try {
            t.closeSocket();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "close failed", e);
        }
        if (t == listener) { // the listening socket is shared by all loops: Picoev closes it
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

    /** Hands each target of the last poll its events, then frees the slots closed meanwhile. */
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
            while (freedInBatchCount > 0) {
                free[freeCount++] = freedInBatch[--freedInBatchCount];
            }
        }
    }

    private void dispatch(LoopTarget t, int events) {
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
        LoopTarget t = table[slot];
        if (t != null) {
            dispatch(t, Picoev.TIMEOUT);
        }
    }

    /** The loop body: wait, dispatch, run tasks, fire timeouts; until {@link #requestStop()}. */
    public void run() {
        thread = Thread.currentThread();
        running = true;
        try {
            tick();
            while (!stopRequested) {
                long wait = 0;
                if (tasks.isEmpty()) {
                    sleeping.set(true); // from here on a new task wakes us; re-check for one that came just before
                    wait = tasks.isEmpty() ? 1000 - (System.nanoTime() - startNanos) / 1_000_000 % 1000 : 0;
                }
                try {
                    dispatchReady(backend.poll(wait));
                    sleeping.set(false);
                    runTasks();
                    tick();
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

    private void tick() {
        int sec = (int) ((System.nanoTime() - startNanos) / 1_000_000_000L) + 1;
        if (sec == lastTick) {
            return;
        }
        now = lastTick = sec;
        for (Runnable hook : everySecond) {
            hook.run();
        }
        wheel.expire(now, this);
        if (acceptPausedUntil != 0 && now >= acceptPausedUntil) {
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
            if (sharedListener != null) {
                sharedListener.close(); // shared: the first loop to drain refuses new connections for all
            }
            close(listener);
        }
        for (LoopTarget t : table) {
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
