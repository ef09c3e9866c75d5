package io.picoev.autoconfigure;

import org.springframework.context.ApplicationEvent;

/** Published once the picoev server listens; carries the port it bound (useful with port 0). */
public class PicoevServerInitializedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final int port;

    /** {@code server} now listens on {@code port}. */
    public PicoevServerInitializedEvent(PicoevWebServer server, int port) {
        super(server);
        this.port = port;
    }

    /** The server that started. */
    public PicoevWebServer getServer() {
        return (PicoevWebServer) getSource();
    }

    /** The port it listens on. */
    public int getPort() {
        return port;
    }
}
