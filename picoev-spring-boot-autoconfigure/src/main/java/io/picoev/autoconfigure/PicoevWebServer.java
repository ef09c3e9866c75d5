package io.picoev.autoconfigure;

import io.picoev.Config;
import io.picoev.InvalidConfigException;
import io.picoev.Picoev;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The picoev server of an application context: made from a {@link Config}, started and stopped
 * by the context's lifecycle ({@link PicoevLifecycle}, {@link PicoevGracefulShutdownLifecycle}).
 * Without a handler bean it has no config and does not start, saying why.
 */
public class PicoevWebServer {

    private static final Log logger = LogFactory.getLog(PicoevWebServer.class);

    private final Supplier<@Nullable Config> configSupplier;
    private final @Nullable ExecutorService executor;
    private volatile boolean configured;
    private volatile @Nullable Config config;
    private volatile @Nullable Picoev picoev;

    /** A server for {@code config}; {@code null} for none; {@code executor} is closed on stop. */
    public PicoevWebServer(@Nullable Config config, @Nullable ExecutorService executor) {
        this(() -> config, executor);
    }

    /**
     * A server whose config is made when it is first needed, normally at {@link #start()}, once
     * every singleton of the context exists: handler beans are collected then, so one that
     * depends (through Actuator) on this server is not left out. {@code null} for no server.
     */
    public PicoevWebServer(Supplier<@Nullable Config> config, @Nullable ExecutorService executor) {
        this.configSupplier = config;
        this.executor = executor;
    }

    /** Binds and starts the loops; a busy port is a {@link PicoevPortInUseException}. */
    public void start() {
        Config c = configure();
        if (c == null) {
            logger.info("picoev is not started: no RequestHandler, Routes or RawHandler bean is defined. "
                + "Declare one to serve on picoev.port, or set picoev.enabled=false to silence this.");
            return;
        }
        try {
            picoev = Picoev.create(c).start();
        } catch (BindException e) {
            throw new PicoevPortInUseException(c.port(), e);
        } catch (InvalidConfigException e) { // known only when binding: picoev.transport=epoll where epoll cannot work
            throw new IllegalStateException("picoev." + e.field() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("picoev could not listen on port " + c.port(), e);
        }
    }

    /** Stops at once, closing every connection. */
    public void stop() {
        stop(Duration.ZERO);
    }

    private boolean stop(Duration grace) {
        Picoev p = picoev;
        boolean clean = p == null || p.stop(grace);
        if (executor != null) {
            executor.shutdown();
        }
        return clean;
    }

    /**
     * Stops gracefully on a new thread: no new connections, idle ones closed, requests in flight
     * finished. {@code callback} gets whether all finished; the context bounds the wait with
     * {@code spring.lifecycle.timeout-per-shutdown-phase} and then calls {@link #stop()}, which
     * closes what is left.
     */
    public void shutDownGracefully(Consumer<Boolean> callback) {
        if (picoev == null) {
            callback.accept(true);
            return;
        }
        // logged here, through commons-logging: the core's System.Logger goes through JUL, which the JVM resets at exit
        logger.info("Commencing graceful shutdown of picoev. Waiting for active requests to complete");
        Thread t = new Thread(() -> {
            boolean clean = stop(Duration.ofDays(1));
            logger.info(clean ? "picoev graceful shutdown complete"
                : "picoev graceful shutdown aborted with one or more requests still active");
            callback.accept(clean);
        }, "picoev-shutdown");
        t.setDaemon(false);
        t.start();
    }

    /** Whether the server is started and not stopping. */
    public boolean isRunning() {
        Picoev p = picoev;
        return p != null && p.isRunning();
    }

    /** The bound port, or -1 before start. */
    public int getPort() {
        Picoev p = picoev;
        return p == null ? -1 : p.port();
    }

    /** The running core server, or {@code null} before start or without a handler. */
    public @Nullable Picoev getPicoev() {
        return picoev;
    }

    /** The config the server started with, or {@code null} before {@link #start()} or without a handler bean. */
    public @Nullable Config getConfig() {
        return config;
    }

    /** Makes the config once: collects the handler beans. */
    private @Nullable Config configure() {
        if (!configured) {
            synchronized (this) {
                if (!configured) {
                    config = configSupplier.get();
                    configured = true;
                }
            }
        }
        return config;
    }
}
