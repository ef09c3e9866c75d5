package io.picoev;

/**
 * The seed's event constants, by name and value (the ground floor every layer includes, as
 * {@code picoev.h} is). A target's events are always a mix of {@link #READ} and {@link #WRITE};
 * {@link #TIMEOUT} is only ever handed to a callback. {@link Picoev} re-exports them.
 */
public final class Events {

    /** Event for a socket ready for reading (or at end of stream, or in error: the read tells). */
    public static final int READ = 1;
    /** Event for a socket ready for writing. */
    public static final int WRITE = 2;
    /** Event for a target whose timeout passed. */
    public static final int TIMEOUT = 4;
    /** Events for a socket ready for reading and writing. */
    public static final int READWRITE = 3;
    /** Flag kept from the seed: add the events to a target. */
    public static final int ADD = 0x40000000;
    /** Flag kept from the seed: delete the events from a target. */
    public static final int DEL = 0x20000000;
    /** The seed's fixed table size; here {@link Config#maxConnections()} sets it per loop. */
    public static final int MAX_FDS = 1024;
    /** The seed's listen queue; the default {@link Config#backlog()}. */
    public static final int MAX_QUEUE = 4096;

    private Events() {
    }
}
