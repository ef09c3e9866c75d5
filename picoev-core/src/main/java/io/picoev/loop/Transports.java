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
        switch (choice) {
            case NIO:
                return new Choice(new NioTransport(), "configured");
            case EPOLL: {
                TransportProvider epoll = epoll();
                String reason = epoll == null ? whyNoEpoll() : epoll.unavailableReason();
                if (reason != null) {
                    throw new InvalidConfigException("transport", "is EPOLL but epoll cannot work here: " + reason
                        + "; use AUTO or NIO");
                }
                return new Choice(epoll, "configured");
            }
            default: {
                TransportProvider epoll = epoll();
                String reason = epoll == null ? whyNoEpoll() : epoll.unavailableReason();
                return reason == null ? new Choice(epoll, "auto") : new Choice(new NioTransport(), "auto; no epoll: " + reason);
            }
        }
    }

    private static String whyNoEpoll() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return "not Linux";
        }
        if (Runtime.version().feature() < 22) {
            return "Java " + Runtime.version().feature() + " (the epoll transport needs Java 22 or later)";
        }
        return "the epoll transport is not in this build";
    }

    private static TransportProvider epoll() {
        if (Runtime.version().feature() < 22
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            Constructor<?> epoll = Class.forName(EPOLL_CLASS).getDeclaredConstructor();
            epoll.setAccessible(true); // package-private, in this module
            return (TransportProvider) epoll.newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
