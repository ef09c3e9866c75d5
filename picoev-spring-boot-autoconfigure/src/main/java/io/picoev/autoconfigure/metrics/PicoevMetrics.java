package io.picoev.autoconfigure.metrics;

import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.picoev.Config;
import io.picoev.LoopStats;
import io.picoev.Picoev;
import io.picoev.autoconfigure.PicoevServerInitializedEvent;
import io.picoev.autoconfigure.PicoevWebServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import org.springframework.context.ApplicationListener;

/**
 * picoev's meters, read from the loops' own counters when a registry is scraped: nothing on the
 * request path calls Micrometer. Names follow Micrometer's conventions ({@code picoev.} prefix,
 * base units, one low-cardinality {@code kind} tag on errors, a {@code loop} tag on the
 * connection meters, which exist once the server has started).
 */
public class PicoevMetrics implements MeterBinder, ApplicationListener<PicoevServerInitializedEvent> {

    private final PicoevWebServer server;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    /** Meters for {@code server}; they read 0 until it starts. */
    public PicoevMetrics(PicoevWebServer server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("picoev.connections.max", this, PicoevMetrics::maxConnections)
            .description("Most connections the server holds: loops times picoev.max-connections")
            .baseUnit(BaseUnits.CONNECTIONS).register(registry);
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
        registries.add(registry);
        bindLoops(registry);
    }

    /** Adds the per-loop meters to every registry bound so far, once the server has started and so has its loops. */
    @Override
    public void onApplicationEvent(PicoevServerInitializedEvent event) {
        if (event.getServer() == server) {
            for (MeterRegistry registry : registries) {
                bindLoops(registry);
            }
        }
    }

    /**
     * The meters with a {@code loop} tag (the loop's index), one per loop of the running server
     * (none before it starts): how connections spread over the loops. Registering again is a no-op.
     */
    private void bindLoops(MeterRegistry registry) {
        Picoev p = server.getPicoev();
        int loops = p == null ? 0 : p.loopCount();
        for (int i = 0; i < loops; i++) {
            int loop = i;
            String tag = Integer.toString(i);
            Gauge.builder("picoev.connections.open", this, m -> m.loop(loop, LoopStats::openConnections))
                .description("Connections open now, per event loop").baseUnit(BaseUnits.CONNECTIONS).tag("loop", tag)
                .register(registry);
            FunctionCounter.builder("picoev.connections.accepted", this, m -> m.loop(loop, LoopStats::accepted))
                .description("Connections accepted, per event loop").baseUnit(BaseUnits.CONNECTIONS).tag("loop", tag)
                .register(registry);
        }
    }

    private double loop(int i, ToLongFunction<LoopStats> f) {
        Picoev p = server.getPicoev();
        return p == null || i >= p.loopCount() ? 0 : f.applyAsLong(p.loopStats().get(i));
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
