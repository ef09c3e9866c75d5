package io.picoev.loop;

import io.picoev.Callback;
import io.picoev.Picoev;
import io.picoev.Target;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

/**
 * Accepts connections for one loop. Every loop registers the same listening channel, so a
 * connection goes to whichever loop is free to take it first; a busy or full loop simply does
 * not ask.
 */
public final class Acceptor implements Callback {

    private static final System.Logger LOG = System.getLogger("io.picoev.loop");
    /** Accepts per wake-up, so a connection storm cannot starve the loop's open connections. */
    private static final int BATCH = 64;

    private final Loop loop;
    private final ServerSocketChannel server;
    private final long timeoutMillis;
    private final boolean tcpNoDelay;
    private final Supplier<Callback> connections;
    private boolean loggedFailure;

    private Acceptor(Loop loop, ServerSocketChannel server, long timeoutMillis, boolean tcpNoDelay,
            Supplier<Callback> connections) {
        this.loop = loop;
        this.server = server;
        this.timeoutMillis = timeoutMillis;
        this.tcpNoDelay = tcpNoDelay;
        this.connections = connections;
    }

    /**
     * Registers {@code server} on {@code loop}: each accepted connection gets the callback
     * {@code connections} supplies, {@code timeoutMillis} of inactivity timeout (0: none), and at most
     * {@code maxConnections} may be open on the loop at once.
     */
    public static void listen(Loop loop, ServerSocketChannel server, int maxConnections, long timeoutMillis,
            boolean tcpNoDelay, Supplier<Callback> connections) throws IOException {
        Acceptor acceptor = new Acceptor(loop, server, timeoutMillis, tcpNoDelay, connections);
        NioTarget t = (NioTarget) loop.add(server, Picoev.READ, 0, acceptor);
        loop.listen(t, maxConnections);
    }

    @Override
    public void onEvent(Target target, int events) {
        for (int i = 0; i < BATCH && target.isOpen() && target.events() != 0; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
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
            if (ch == null) {
                return; // another loop took it, or the backlog is empty
            }
            try {
                if (tcpNoDelay) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                loop.addConnection(ch, timeoutMillis, connections.get());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not register an accepted connection", e);
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
    }
}
