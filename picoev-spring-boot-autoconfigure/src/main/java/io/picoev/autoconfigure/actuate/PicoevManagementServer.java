package io.picoev.autoconfigure.actuate;

import io.picoev.autoconfigure.PicoevLifecycle;
import io.picoev.autoconfigure.PicoevWebServer;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The second picoev server that serves only Actuator's endpoints when
 * {@code management.server.port} differs from {@code picoev.port}: started and stopped in the
 * phase of the main server ({@link PicoevLifecycle#PHASE}); its bound port is published as
 * {@code local.management.port}, as Boot does for its management server.
 */
public class PicoevManagementServer implements SmartLifecycle {

    /** The property that holds the management server's bound port. */
    public static final String PORT_PROPERTY = "local.management.port";

    private static final String PROPERTY_SOURCE = "picoev.management.ports";

    private final PicoevWebServer server;
    private final ConfigurableEnvironment environment;
    private volatile boolean running;

    /** Runs {@code server} (a server for the endpoints only), publishing its port into {@code environment}. */
    public PicoevManagementServer(PicoevWebServer server, ConfigurableEnvironment environment) {
        this.server = server;
        this.environment = environment;
    }

    /** The server itself (for its port, config and the graceful phase). */
    public PicoevWebServer getWebServer() {
        return server;
    }

    @Override
    public void start() {
        server.start();
        running = true;
        publishPort(server.getPort());
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
        return PicoevLifecycle.PHASE;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }
}
