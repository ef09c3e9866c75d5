package io.picoev.autoconfigure.metrics;

import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.picoev.Config;
import io.picoev.LoopStats;
import io.picoev.Picoev;
import io.picoev.autoconfigure.PicoevWebServer;
import java.util.function.ToLongFunction;

/**
 * picoev's meters, read from the loops' own counters when a registry is scraped: nothing on the
 * request path calls Micrometer. Names follow Micrometer's conventions ({@code picoev.} prefix,
 * base units, one low-cardinality {@code kind} tag on errors).
 */
public class PicoevMetrics implements MeterBinder {

    private final PicoevWebServer server;

    /** Meters for {@code server}; they read 0 until it starts. */
    public PicoevMetrics(PicoevWebServer server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("picoev.connections.open", this, m -> m.sum(LoopStats::openConnections))
            .description("Connections open now").baseUnit(BaseUnits.CONNECTIONS).register(registry);
        Gauge.builder("picoev.connections.max", this, PicoevMetrics::maxConnections)
            .description("Most connections the server holds: loops times picoev.max-connections")
            .baseUnit(BaseUnits.CONNECTIONS).register(registry);
        counter(registry, "picoev.connections.accepted", "Connections accepted", BaseUnits.CONNECTIONS, LoopStats::accepted);
        counter(registry, "picoev.connections.timeouts", "Connections closed by the inactivity timeout",
            BaseUnits.CONNECTIONS, LoopStats::timeouts);
        counter(registry, "picoev.requests", "Requests handed to the handler", "requests", LoopStats::requests);
        FunctionCounter.builder("picoev.errors", this, m -> m.sum(LoopStats::parseErrors))
            .description("Requests refused as malformed or over a limit (400, 413, 414, 431, 501, 505)")
            .tag("kind", "parse").register(registry);
        FunctionCounter.builder("picoev.errors", this, m -> m.sum(LoopStats::handlerErrors))
            .description("Handler calls that threw or wrote no response").tag("kind", "handler").register(registry);
        counter(registry, "picoev.bytes.read", "Bytes read from sockets", BaseUnits.BYTES, LoopStats::bytesRead);
        counter(registry, "picoev.bytes.written", "Bytes written to sockets", BaseUnits.BYTES, LoopStats::bytesWritten);
        counter(registry, "picoev.loop.blocked", "Times a handler held an event loop past picoev.blocked-loop-threshold",
            "events", LoopStats::blockedLoops);
    }

    private void counter(MeterRegistry registry, String name, String description, String unit, ToLongFunction<LoopStats> f) {
        FunctionCounter.builder(name, this, m -> m.sum(f)).description(description).baseUnit(unit).register(registry);
    }

    private double sum(ToLongFunction<LoopStats> f) {
        Picoev p = server.getPicoev();
        if (p == null) {
            return 0;
        }
        long total = 0;
        for (LoopStats s : p.loopStats()) {
            total += f.applyAsLong(s);
        }
        return total;
    }

    private double maxConnections() {
        Config c = server.getConfig();
        return c == null ? 0 : (double) c.maxConnections() * c.loops();
    }
}
