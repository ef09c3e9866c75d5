package io.picoev.http;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.picoev.LoopStats;
import io.picoev.loop.LoopCounters;

/**
 * Notices a handler that holds its loop thread too long (Vert.x's blocked-thread checker): the
 * loop bumps a counter as a handler starts and ends (an odd value: inside a handler), with
 * release stores only, no clock read; one shared daemon thread looks every quarter threshold and,
 * when a loop has stayed inside the same handler call past the threshold, counts it once in
 * {@link LoopStats#blockedLoops()} and logs a WARN with the route and the loop's stack, at most
 * once a minute per loop (later ones at DEBUG).
 */
final class BlockedLoopDetector {

    private static final System.Logger LOG = System.getLogger("io.picoev.http.BlockedLoop");
    private static final VarHandle SEQ;
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final List<WeakReference<BlockedLoopDetector>> WATCHED = new CopyOnWriteArrayList<>();
    private static Thread watchdog;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(BlockedLoopDetector.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LoopCounters stats;
    private final long thresholdNanos;
    private volatile Thread loopThread;
    /** Odd while a handler runs on the loop; written by the loop thread with release stores. */
    @SuppressWarnings("unused")
    private long seq;
    /** The route of the handler running (set before {@link #seq} turns odd). */
    private String route;

    // watchdog-thread state
    private long seenSeq;
    private long seenAt;
    private long reportedSeq = -1;
    private long lastWarnAt;

    private BlockedLoopDetector(LoopCounters stats, int thresholdMillis) {
        this.stats = stats;
        this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
    }

    /** A detector for one loop, watched from now on; {@code null} when {@code thresholdMillis} is 0. */
    static BlockedLoopDetector watch(LoopCounters stats, int thresholdMillis) {
        if (thresholdMillis <= 0) {
            return null;
        }
        BlockedLoopDetector d = new BlockedLoopDetector(stats, thresholdMillis);
        WATCHED.add(new WeakReference<>(d));
        startWatchdog(Math.max(5, thresholdMillis / 4));
        return d;
    }

    /** Loop thread: a handler for {@code route} (or {@code null}) starts. */
    void enter(String route) {
        if (loopThread == null) {
            loopThread = Thread.currentThread();
        }
        this.route = route;
        SEQ.setRelease(this, (long) SEQ.getOpaque(this) + 1);
    }

    /** Loop thread: the handler returned. */
    void exit() {
        SEQ.setRelease(this, (long) SEQ.getOpaque(this) + 1);
    }

    private static synchronized void startWatchdog(int periodMillis) {
        if (watchdog != null) {
            return;
        }
        watchdog = Thread.ofPlatform().daemon().name("picoev-blocked-loop-watchdog").start(() -> {
            while (true) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                WATCHED.removeIf(r -> r.get() == null);
                for (WeakReference<BlockedLoopDetector> r : WATCHED) {
                    BlockedLoopDetector d = r.get();
                    if (d != null) {
                        d.check(now);
                    }
                }
            }
        });
    }

    /** Watchdog thread: has the loop been inside one handler call for longer than the threshold? */
    private void check(long now) {
        long s = (long) SEQ.getAcquire(this);
        if ((s & 1) == 0 || s != seenSeq) {
            seenSeq = s;
            seenAt = now;
            return;
        }
        if (s == reportedSeq || now - seenAt < thresholdNanos) {
            return;
        }
        reportedSeq = s;
        stats.blockedLoop();
        boolean warn = lastWarnAt == 0 || now - lastWarnAt >= WARN_EVERY_NANOS;
        if (warn) {
            lastWarnAt = now;
        }
        Thread t = loopThread;
        String where = route == null ? "a handler" : "the handler of route " + route;
        LOG.log(warn ? Level.WARNING : Level.DEBUG, () -> "Loop thread " + (t == null ? "?" : t.getName()) + " has been running "
            + where + " for over " + TimeUnit.NANOSECONDS.toMillis(thresholdNanos) + " ms: every other connection of"
            + " this loop waits meanwhile. Run blocking handlers on virtual threads (Routes.blocking(handler), or"
            + " picoev.dispatch=virtual); the threshold is picoev.blocked-loop-threshold."
            + (warn ? " (at most one warning a minute per loop; later ones at DEBUG)" : "") + "\n" + stack(t));
    }

    private static String stack(Thread t) {
        if (t == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            s.append("\tat ").append(e).append('\n');
        }
        return s.toString();
    }
}
