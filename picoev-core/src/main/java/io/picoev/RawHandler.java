package io.picoev;

import java.io.IOException;

/**
 * Raw mode (the seed's {@code raw_cb}): with one configured, no HTTP is parsed and every event
 * of every accepted connection comes here, {@link Events#TIMEOUT} included. The handler reads,
 * writes and closes through the {@link Target}. Runs on the loop thread; MUST NOT block.
 */
@FunctionalInterface
public interface RawHandler {

    /** Handles {@code events} of {@code target}; an exception closes the connection. */
    void handle(Picoev picoev, Target target, int events) throws IOException;
}
