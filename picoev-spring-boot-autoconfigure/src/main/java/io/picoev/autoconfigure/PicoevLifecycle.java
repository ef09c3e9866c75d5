package io.picoev.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Starts the server once the context is refreshed and stops it before singletons are destroyed,
 * in the phase of Boot's own {@code WebServerStartStopLifecycle}. On start it publishes
 * {@code local.picoev.port} (in a property source added first) and a
 * {@link PicoevServerInitializedEvent}.
 */
public class PicoevLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

    /** The property that holds the bound port. */
    public static final String PORT_PROPERTY = "local.picoev.port";

    /** Boot's property for the bound port, read by {@code @LocalServerPort}; set when picoev is the only web server. */
    public static final String SERVER_PORT_PROPERTY = "local.server.port";

    /** Boot's web server start/stop phase. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final String PROPERTY_SOURCE = "picoev.ports";

    private final PicoevWebServer server;
    private final ConfigurableEnvironment environment;
    private final ApplicationEventPublisher events;
    private final boolean publishServerPort;
    private volatile boolean running;
    private @Nullable ApplicationContext context;

    /** Runs {@code server}, publishing its port into {@code environment} and through {@code events}. */
    public PicoevLifecycle(PicoevWebServer server, ConfigurableEnvironment environment, ApplicationEventPublisher events) {
        this(server, environment, events, false);
    }

    /** As above; with {@code publishServerPort} the port is also {@code local.server.port} (picoev is the only web server). */
    public PicoevLifecycle(PicoevWebServer server, ConfigurableEnvironment environment, ApplicationEventPublisher events,
            boolean publishServerPort) {
        this.server = server;
        this.environment = environment;
        this.events = events;
        this.publishServerPort = publishServerPort;
    }

    @Override
    public void start() {
        server.start();
        running = true;
        int port = server.getPort();
        if (port > 0) {
            publishPort(port);
            events.publishEvent(new PicoevServerInitializedEvent(server, port));
        }
    }

    @SuppressWarnings("unchecked")
    private void publishPort(int port) {
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> source = sources.get(PROPERTY_SOURCE);
        if (source == null) {
            source = new MapPropertySource(PROPERTY_SOURCE, new HashMap<>());
            sources.addFirst(source);
        }
        ((Map<String, Object>) source.getSource()).put(PORT_PROPERTY, port);
        if (publishServerPort) {
            ((Map<String, Object>) source.getSource()).put(SERVER_PORT_PROPERTY, port);
        }
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    /**
     * As the context closes, before the graceful stop begins, readiness turns to
     * {@link ReadinessState#REFUSING_TRAFFIC}: what Boot's own web server contexts publish as
     * they close, so load balancers stop sending traffic.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (running && event.getApplicationContext() == context) {
            AvailabilityChangeEvent.publish(events, event.getApplicationContext(), ReadinessState.REFUSING_TRAFFIC);
        }
    }

    @Override
    public void stop() {
        running = false;
        server.stop();
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
