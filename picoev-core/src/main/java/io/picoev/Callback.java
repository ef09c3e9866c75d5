package io.picoev;

import java.io.IOException;

/**
 * Receives the events of a {@link Target} (the seed's {@code cb fn (fd, events, cb_arg)}).
 * Runs on the target's loop thread and MUST NOT block: every other connection of that loop
 * waits while it runs. An exception closes the target and is logged; the loop goes on.
 */
@FunctionalInterface
public interface Callback {

    /**
     * Handles {@code events}: a mix of {@link Events#READ}, {@link Events#WRITE} and
     * {@link Events#TIMEOUT}.
     */
    void onEvent(Target target, int events) throws IOException;

    /**
     * Whether the target is in the middle of work that a graceful stop should let finish.
     * A target that is not busy is closed as soon as a graceful stop begins.
     */
    default boolean busy(Target target) {
        return false;
    }
}
