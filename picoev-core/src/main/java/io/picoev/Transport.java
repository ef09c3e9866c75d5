package io.picoev;

/** Which I/O transport the loops use ({@code picoev.transport}). */
public enum Transport {
    /** Linux epoll through the FFM API where it works (Linux, Java 22+, native access enabled), else NIO. */
    AUTO,
    /** Linux epoll through the FFM API; startup fails where it cannot work, saying why. */
    EPOLL,
    /** NIO selectors: every platform and Java version. */
    NIO
}
