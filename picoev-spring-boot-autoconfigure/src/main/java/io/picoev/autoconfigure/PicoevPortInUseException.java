package io.picoev.autoconfigure;

/** The port picoev was told to listen on is taken; {@link PicoevPortInUseFailureAnalyzer} explains it. */
public class PicoevPortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int port;

    /** Port {@code port} could not be bound. */
    public PicoevPortInUseException(int port, Throwable cause) {
        super("picoev could not listen on port " + port + ": " + cause.getMessage(), cause);
        this.port = port;
    }

    /** The port that is in use. */
    public int getPort() {
        return port;
    }
}
