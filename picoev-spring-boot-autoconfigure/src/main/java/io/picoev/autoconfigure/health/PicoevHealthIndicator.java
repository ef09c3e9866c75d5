package io.picoev.autoconfigure.health;

import io.picoev.Picoev;
import io.picoev.autoconfigure.PicoevWebServer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP while every loop of the server runs, with the port and each loop's state as details. */
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
        for (int i = 0; i < p.loopCount(); i++) {
            boolean running = p.isRunning(i);
            all &= running;
            builder.withDetail("loop-" + i, running ? "running" : "stopped");
        }
        builder.withDetail("port", p.port());
        builder.status(all && p.isRunning() ? "UP" : "DOWN");
    }
}
