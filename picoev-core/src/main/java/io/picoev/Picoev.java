package io.picoev;

import io.picoev.loop.Listener;
import io.picoev.loop.Loop;
import io.picoev.loop.Transports;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A picoev server: one listening socket shared by {@link Config#loops()} event loops, each a
 * thread with its own selector, serving HTTP/1.1 through the configured handler or raw bytes
 * through the raw handler. The seed's {@code Picoev}.
 *
 * <pre>{@code
 * Picoev pv = Picoev.create(Config.builder()
 *     .port(8080)
 *     .handler((req, res) -> res.send(200, "text/plain", "Hello, World!"))
 *     .build());
 * pv.serve(); // blocks
 * }</pre>
 *
 * <p>{@link #create} binds the port, so {@link #port()} is known before {@link #start()}.
 * {@link #stop(Duration)} is graceful and may be called from any thread but a loop thread.
 */
public final class Picoev implements AutoCloseable {

    /** Event: the socket is ready for reading ({@link Events#READ}). */
    public static final int READ = Events.READ;
    /** Event: the socket is ready for writing ({@link Events#WRITE}). */
    public static final int WRITE = Events.WRITE;
    /** Event: the target's timeout passed ({@link Events#TIMEOUT}). */
    public static final int TIMEOUT = Events.TIMEOUT;
    /** Events: ready for reading and writing ({@link Events#READWRITE}). */
    public static final int READWRITE = Events.READWRITE;
    /** Flag kept from the seed ({@link Events#ADD}). */
    public static final int ADD = Events.ADD;
    /** Flag kept from the seed ({@link Events#DEL}). */
    public static final int DEL = Events.DEL;
    /** The seed's fixed table size ({@link Events#MAX_FDS}); here {@link Config#maxConnections()} sets it per loop. */
    public static final int MAX_FDS = Events.MAX_FDS;
    /** The seed's listen queue ({@link Events#MAX_QUEUE}); the default {@link Config#backlog()}. */
    public static final int MAX_QUEUE = Events.MAX_QUEUE;

    private static final System.Logger LOG = System.getLogger("io.picoev");
    /** Table slots per loop beyond the connection limit, for targets added with {@link #add}. */
    private static final int ADDED_TARGETS = 64;
    /**
     * {@code io.picoev.http.HttpEngine(Loop, Config)}, a {@code Supplier<Callback>} of HTTP
     * connections. Package-private there, since {@code io.picoev.http} is an exported (API)
     * package and the engine is not API; this module may reach it by name.
     */
    private static final Constructor<?> HTTP_ENGINE = httpEngine();

    private final Config config;
    private final Listener server;
    private final Transports.Choice transport;
    private final InetSocketAddress localAddress;
    private final Loop[] loops;
    private final Thread[] threads;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean stopping;
    private volatile long deadline;
    private volatile boolean clean;

    private Picoev(Config config, Transports.Choice transport, Listener server, Loop[] loops) {
        this.config = config;
        this.transport = transport;
        this.server = server;
        this.localAddress = server.localAddress();
        this.loops = loops;
        this.threads = new Thread[loops.length];
    }

    /**
     * Binds the listening socket and builds the loops (the seed's {@code new} and {@code init}).
     *
     * @throws BindException when the port is in use or the address is not local
     */
    public static Picoev create(Config config) throws IOException {
        Transports.Choice transport = Transports.choose(config.transport());
        InetSocketAddress address = config.host() == null ? new InetSocketAddress(config.port())
            : new InetSocketAddress(config.host(), config.port());
        Listener server;
        try {
            server = transport.provider().bind(address, config.backlog(), config.reuseAddress(), config.reusePort(),
                config.loops());
        } catch (BindException e) {
            BindException named = new BindException(e.getMessage() + ": cannot listen on "
                + (config.host() == null ? "*" : config.host()) + ":" + config.port());
            named.initCause(e);
            throw named;
        }
        Loop[] loops = new Loop[config.loops()];
        try {
            Picoev pv = new Picoev(config, transport, server, loops);
            for (int i = 0; i < loops.length; i++) {
                // the listener, the connections, and room for targets the application adds itself (the seed's add)
                int capacity = config.maxConnections() + 1 + ADDED_TARGETS;
                loops[i] = new Loop(i, capacity, transport.provider().newBackend(capacity));
                loops[i].listen(server, config.maxConnections(), config.timeoutMillis(), config.tcpNoDelay(),
                    pv.connectionCallbacks(loops[i]));
            }
            return pv;
        } catch (IOException | RuntimeException e) {
            for (Loop loop : loops) {
                if (loop != null) {
                    loop.requestStop();
                }
            }
            server.close();
            throw e;
        }
    }

    private Supplier<Callback> connectionCallbacks(Loop loop) {
        RawHandler raw = config.rawHandler();
        if (raw == null) {
            return newHttpEngine(loop, config);
        }
        long timeout = config.timeoutMillis();
        Callback shared = (target, events) -> {
            if ((events & READ) != 0) {
                target.setTimeoutMillis(timeout); // the seed pushes the deadline on every read event
            }
            raw.handle(this, target, events);
        };
        return () -> shared;
    }

    private static Constructor<?> httpEngine() {
        try {
            Constructor<?> c = Class.forName("io.picoev.http.HttpEngine").getDeclaredConstructor(Loop.class, Config.class);
            c.setAccessible(true); // same module: always allowed
            return c;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e); // a build that lost the engine: every HTTP test fails here
        }
    }

    @SuppressWarnings("unchecked")
    private static Supplier<Callback> newHttpEngine(Loop loop, Config config) {
        try {
            return (Supplier<Callback>) HTTP_ENGINE.newInstance(loop, config);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the loop threads; returns once they run. */
    public Picoev start() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            started = true;
            for (int i = 0; i < loops.length; i++) {
                Loop loop = loops[i];
                // non-daemon, as Boot's own servers: the loops keep the JVM alive
                threads[i] = new Thread(loop::run, "picoev-loop-" + i);
                threads[i].start();
            }
        }
        // return serving: each loop is in its run loop (a health check right after start sees it running)
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Loop loop : loops) {
            while (!loop.isRunning() && System.nanoTime() < until) {
                LockSupport.parkNanos(100_000);
            }
        }
        LOG.log(Level.INFO, () -> "picoev started on port " + port() + " with " + loops.length + " loop"
            + (loops.length == 1 ? "" : "s") + " (" + transport.provider().name() + ": " + transport.why() + ", " + (config.rawHandler() != null ? "raw mode"
                : config.executor() != null ? "handlers on an executor" : "handlers on the loops") + ")");
        return this;
    }

    /** Starts (unless started) and blocks until the server is stopped (the seed's {@code serve}). */
    public void serve() throws InterruptedException {
        synchronized (lifecycle) {
            if (!started) {
                start();
            }
        }
        stopped.await();
    }

    /** Blocks until the server has stopped. */
    public void await() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops gracefully: no new connections, idle keep-alive connections close at once,
     * in-flight requests finish and are answered with {@code Connection: close}; whatever is
     * still open after {@code grace} is closed. Returns whether everything finished in time.
     * Idempotent; MUST NOT be called on a loop thread.
     */
    public boolean stop(Duration grace) {
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                throw new IllegalStateException("stop() called on loop thread " + t.getName() + ": it would wait for itself");
            }
        }
        long until = System.nanoTime() + Math.min(grace.toMillis(), TimeUnit.DAYS.toMillis(365)) * 1_000_000L;
        synchronized (lifecycle) {
            if (stopping) {
                // a second, shorter stop (Boot's hard stop after its graceful phase timed out) cuts the first short
                deadline = Math.min(deadline, until);
                awaitQuietly();
                return clean;
            }
            stopping = true;
            deadline = until;
            if (!started) {
                closeServer();
                clean = true;
                stopped.countDown();
                return true;
            }
        }
        AtomicInteger listening = new AtomicInteger(loops.length);
        for (Loop loop : loops) {
            loop.beginDrain(); // at once, from here: a loop held by a handler accepts nothing when it returns
            loop.execute(() -> {
                loop.stopListening();
                if (listening.decrementAndGet() == 0) {
                    server.close(); // the last loop to let go closes it: the OS refuses new connections from now
                }
                loop.drain();
            });
        }
        boolean done;
        while (!(done = openConnections() == 0 && allDrained()) && System.nanoTime() < deadline) {
            if (listening.get() > 0) {
                server.refusePending(); // a loop held by a handler keeps the listener open: reset what queues
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        for (Loop loop : loops) {
            loop.requestStop();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeServer();
        clean = done;
        stopped.countDown();
        LOG.log(Level.INFO, done ? "picoev stopped" : "picoev stopped after the grace period; open connections were closed");
        return done;
    }

    /** Whether {@link #start()} was called and no stop has begun. */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return started && !stopping;
        }
    }

    private boolean allDrained() {
        for (Loop loop : loops) {
            if (!loop.isDrained() && loop.isRunning()) {
                return false;
            }
        }
        return true;
    }

    private void awaitQuietly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeServer() {
        server.close();
    }

    /** Stops at once: {@code stop(Duration.ZERO)}. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    /**
     * Registers a channel with the caller's loop (the seed's {@code add}, on the NIO transport);
     * {@code timeoutSecs} of silence (0: never) fire {@link #TIMEOUT}. MUST be called on a loop
     * thread, for example from a callback. From another thread, go through {@link #execute(Runnable)}.
     *
     * @throws UnsupportedOperationException on the epoll transport: use {@link #add(int, int, int, Callback)}
     */
    public Target add(SelectableChannel channel, int events, int timeoutSecs, Callback callback) throws IOException {
        return currentLoop().add(channel, events, timeoutSecs * 1000L, callback);
    }

    /**
     * Registers file descriptor {@code fd} with the caller's loop: the seed's
     * {@code add(fd, events, timeout, cb)}, verbatim, on the epoll transport. Closing the target
     * closes {@code fd}. MUST be called on a loop thread.
     *
     * @throws UnsupportedOperationException on the NIO transport, which reaches no descriptors
     */
    public Target add(int fd, int events, int timeoutSecs, Callback callback) throws IOException {
        return currentLoop().add(fd, events, timeoutSecs * 1000L, callback);
    }

    /** Name of the transport the loops use: {@code "nio"} or {@code "epoll"}. */
    public String transport() {
        return transport.provider().name();
    }

    /** Closes a target (the seed's {@code close_conn}); MUST be called on its loop thread. */
    public void closeConn(Target target) {
        target.close();
    }

    /** Runs {@code task} on one of the loops (round robin); any thread. */
    public void execute(Runnable task) {
        loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)].execute(task);
    }

    private Loop currentLoop() {
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] == Thread.currentThread()) {
                return loops[i];
            }
        }
        throw new IllegalStateException("add() must run on a loop thread; call it through execute(..) or from a callback");
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return localAddress.getPort();
    }

    /** The address actually bound. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The configuration this server was made with. */
    public Config config() {
        return config;
    }

    /** The seed's {@code user_data}. */
    public Object userData() {
        return config.userData();
    }

    /** Number of loops. */
    public int loopCount() {
        return loops.length;
    }

    /** Whether loop {@code i}'s thread is running. */
    public boolean isRunning(int i) {
        return loops[i].isRunning();
    }

    /** The counters of each loop, in loop order; read them any time. */
    public List<LoopStats> loopStats() {
        List<LoopStats> stats = new ArrayList<>(loops.length);
        for (Loop loop : loops) {
            stats.add(loop.stats());
        }
        return stats;
    }

    /** Connections open on all loops. */
    public long openConnections() {
        long n = 0;
        for (Loop loop : loops) {
            n += loop.stats().openConnections();
        }
        return n;
    }
}
