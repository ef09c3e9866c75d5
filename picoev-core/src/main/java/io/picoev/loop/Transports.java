package io.picoev.loop;

import io.picoev.InvalidConfigException;
import io.picoev.Transport;
import io.picoev.loop.nio.NioTransport;
import java.lang.reflect.Constructor;
import java.util.Locale;

/**
 * Finds the transport a {@link Transport} choice stands for. Internal: public for the facade;
 * not exported by the module, not API.
 */
public final class Transports {

    /** The epoll transport's class, in the Java 22+ part of the jar. */
    static final String EPOLL_CLASS = "io.picoev.loop.epoll.EpollTransport";

    /** A transport and why it was chosen, for the startup line. */
    public record Choice(TransportProvider provider, String why) {
    }

    private Transports() {
    }

    /**
     * The transport for {@code choice}: {@code NIO} always works; {@code EPOLL} or fails with an
     * {@link InvalidConfigException} naming {@code transport} and the reason; {@code AUTO} is
     * epoll where it works, else NIO, and never fails.
     */
    public static Choice choose(Transport choice) {
        return choose(choice, System.getProperty("os.name", ""), Runtime.version().feature(), EPOLL_CLASS);
    }

    /**
     * {@link #choose(Transport)} on the OS named {@code osName} (as {@code os.name}), Java {@code javaFeature}
     * ({@link Runtime.Version#feature()}), with the epoll transport's class named {@code epollClass}.
     */
    static Choice choose(Transport choice, String osName, int javaFeature, String epollClass) {
        if (choice == Transport.NIO) {
            return new Choice(new NioTransport(), "configured"); // without probing epoll: its checks call native code
        }
        TransportProvider epoll = null;
        String reason;
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            reason = "not Linux";
        } else if (javaFeature < 22) {
            reason = "Java " + javaFeature + " (the epoll transport needs Java 22 or later)";
        } else {
            epoll = load(epollClass);
            reason = epoll == null ? "the epoll transport is not in this build" : epoll.unavailableReason();
        }
        if (choice == Transport.EPOLL) {
            if (reason != null) {
                throw new InvalidConfigException("transport", "is EPOLL but epoll cannot work here: " + reason
                    + "; use AUTO or NIO");
            }
            return new Choice(epoll, "configured");
        }
        return reason == null ? new Choice(epoll, "auto") : new Choice(new NioTransport(), "auto; no epoll: " + reason);
    }

    private static TransportProvider load(String className) {
        try {
            Constructor<?> epoll = Class.forName(className).getDeclaredConstructor();
            epoll.setAccessible(true); // package-private, in this module
            return (TransportProvider) epoll.newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
