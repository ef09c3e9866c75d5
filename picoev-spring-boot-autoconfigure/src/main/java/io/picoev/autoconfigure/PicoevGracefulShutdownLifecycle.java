package io.picoev.autoconfigure;

import org.springframework.context.SmartLifecycle;

/**
 * Drains the server before it is stopped, in the phase of Boot's own
 * {@code WebServerGracefulShutdownLifecycle} (stopped before {@link PicoevLifecycle}). The wait
 * is bounded by {@code spring.lifecycle.timeout-per-shutdown-phase}: past it the context moves
 * on and {@link PicoevLifecycle#stop()} closes what is left.
 */
public class PicoevGracefulShutdownLifecycle implements SmartLifecycle {

    /** Boot's graceful-shutdown phase. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private final PicoevWebServer server;
    private volatile boolean running;

    /** Drains {@code server} when the context stops. */
    public PicoevGracefulShutdownLifecycle(PicoevWebServer server) {
        this.server = server;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("Stop must not be invoked directly");
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        server.shutDownGracefully(clean -> callback.run());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }
}
