package io.picoev.autoconfigure.health;

import io.picoev.Picoev;
import io.picoev.autoconfigure.PicoevWebServer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * UP while every loop of the server runs; OUT_OF_SERVICE while a graceful stop drains the loops
 * (requests in flight finish, no new connections); DOWN once a loop has stopped. Details: the
 * port and each loop's state ({@code running}, {@code draining}, {@code stopped}).
 */
public class PicoevHealthIndicator extends AbstractHealthIndicator {

    private final PicoevWebServer server;

    /** Reports on {@code server}. */
    public PicoevHealthIndicator(PicoevWebServer server) {
        super("picoev health check failed");
        this.server = server;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Picoev p = server.getPicoev();
        if (p == null) {
            builder.unknown().withDetail("reason", server.getConfig() == null ? "no handler bean" : "not started");
            return;
        }
        boolean all = true;
        boolean stopping = !p.isRunning();
        for (int i = 0; i < p.loopCount(); i++) {
            boolean running = p.isRunning(i);
            all &= running;
            builder.withDetail("loop-" + i, !running ? "stopped" : stopping ? "draining" : "running");
        }
        builder.withDetail("port", p.port());
        builder.status(!all ? Status.DOWN : stopping ? Status.OUT_OF_SERVICE : Status.UP);
    }
}
