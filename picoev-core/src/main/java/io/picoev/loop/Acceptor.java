package io.picoev.loop;

import io.picoev.Callback;
import io.picoev.Target;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * Accepts connections for one loop, through its backend. Every loop watches the same
 * listener, so a connection goes to whichever loop is free to take it first; a busy or full
 * loop simply does not ask. (On epoll with {@code -Dio.picoev.epoll.listener=reuseport}, each
 * loop has a socket of its own and the kernel picks the loop.)
 */
final class Acceptor implements Callback {

    private static final System.Logger LOG = System.getLogger("io.picoev.loop");
    /** Accepts per wake-up, so a connection storm cannot starve the loop's open connections. */
    private static final int BATCH = 64;

    private final Loop loop;
    private final long timeoutMillis;
    private final boolean tcpNoDelay;
    private final Supplier<Callback> connections;
    private boolean loggedFailure;

    private Acceptor(Loop loop, long timeoutMillis, boolean tcpNoDelay, Supplier<Callback> connections) {
        this.loop = loop;
        this.timeoutMillis = timeoutMillis;
        this.tcpNoDelay = tcpNoDelay;
        this.connections = connections;
    }

    /** An acceptor for {@code loop}; see {@link Loop#listen}. */
    static Acceptor of(Loop loop, long timeoutMillis, boolean tcpNoDelay, Supplier<Callback> connections) {
        return new Acceptor(loop, timeoutMillis, tcpNoDelay, connections);
    }

    @Override
    public void onEvent(Target target, int events) {
        for (int i = 0; i < BATCH && target.isOpen() && target.events() != 0; i++) {
            try {
                if (!loop.acceptOne(tcpNoDelay, timeoutMillis, connections)) {
                    return; // none pending (another loop took it), full, or draining
                }
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
        }
    }
}
