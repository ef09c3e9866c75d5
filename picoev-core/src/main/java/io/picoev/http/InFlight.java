package io.picoev.http;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The requests of one loop that are with the executor: at most {@link #max} at once; past
 * that, connections with more to say are parked, reading nothing, until an answer comes back.
 * Loop-confined.
 */
final class InFlight {

    /** The server's executor for every request; null when handlers run on the loop (or choose their own). */
    final Executor executor;
    private final int max;
    private int count;
    private final ArrayDeque<HttpConnection> parked = new ArrayDeque<>();

    InFlight(Executor executor, int max) {
        this.executor = executor;
        this.max = max;
    }

    /** Whether another request may go to the executor now. */
    boolean hasRoom() {
        return count < max;
    }

    /** Counts a request handed to the executor. */
    void started() {
        count++;
    }

    /** Counts an answer back. */
    void finished() {
        count--;
    }

    /** Lets parked connections go on while there is room. */
    void resumeParked() {
        while (count < max && !parked.isEmpty()) {
            parked.poll().resume();
        }
    }

    /** Queues {@code c} until there is room. */
    void park(HttpConnection c) {
        parked.add(c);
    }
}
