package io.picoev;

/** Which network transport the loops use ({@link Config#transport()}). */
public enum Transport {
    /** Epoll where it works (Linux, Java 22 or later, native access enabled), else NIO. */
    AUTO,
    /** Linux epoll through the FFM API; startup fails where it cannot work, saying why. */
    EPOLL,
    /** Java NIO selectors: every platform and Java 21. */
    NIO
}
