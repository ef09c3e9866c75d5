package io.picoev.loop;

import io.picoev.Callback;
import io.picoev.Picoev;
import io.picoev.Target;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.util.function.Supplier;

/**
 * Accepts connections for one loop. Every loop registers the same listening socket, so a
 * connection goes to whichever loop is free to take it first; a busy or full loop simply does
 * not ask.
 */
public final class Acceptor implements Callback {

    private static final System.Logger LOG = System.getLogger("io.picoev.loop");
    /** Accepts per wake-up, so a connection storm cannot starve the loop's open connections. */
    private static final int BATCH = 64;

    private final Loop loop;
    private final int timeoutSecs;
    private final boolean tcpNoDelay;
    private final Supplier<Callback> connections;
    private boolean loggedFailure;

    private Acceptor(Loop loop, int timeoutSecs, boolean tcpNoDelay, Supplier<Callback> connections) {
        this.loop = loop;
        this.timeoutSecs = timeoutSecs;
        this.tcpNoDelay = tcpNoDelay;
        this.connections = connections;
    }

    /**
     * Registers the shared {@code listener} on {@code loop}: each accepted connection gets the callback
     * {@code connections} supplies, {@code timeoutSecs} of inactivity timeout, and at most
     * {@code maxConnections} may be open on the loop at once.
     */
    public static void listen(Loop loop, Listener listener, int maxConnections, int timeoutSecs,
            boolean tcpNoDelay, Supplier<Callback> connections) throws IOException {
        Acceptor acceptor = new Acceptor(loop, timeoutSecs, tcpNoDelay, connections);
        LoopTarget t = loop.addListener(listener, acceptor);
        loop.listen(listener, t, maxConnections);
    }

    @Override
    public void onEvent(Target target, int events) {
        for (int i = 0; i < BATCH && target.isOpen() && target.events() != 0; i++) {
            LoopTarget accepted;
            try {
                accepted = loop.accept((LoopTarget) target, tcpNoDelay);
            } catch (ClosedChannelException e) {
                return; // a graceful stop closed the shared listener
            } catch (IOException e) {
                // typically EMFILE: back off for a second instead of spinning on a ready listener
                if (!loggedFailure) {
                    loggedFailure = true;
                    LOG.log(Level.WARNING, "accept failed on loop " + loop.id() + " (" + e.getMessage()
                        + "); pausing accepts for a second. Raise the file descriptor limit (ulimit -n) if this repeats", e);
                }
                loop.pauseAccepting();
                return;
            }
            if (accepted == null) {
                return; // another loop took it, or the backlog is empty
            }
            try {
                loop.addConnection(accepted, timeoutSecs, connections.get());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not register an accepted connection", e);
            }
        }
    }
}
