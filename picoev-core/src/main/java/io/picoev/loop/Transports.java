package io.picoev.loop;

import io.picoev.InvalidConfigException;
import io.picoev.Transport;
import java.lang.reflect.InvocationTargetException;

/**
 * Picks the transport: {@link Transport#AUTO} takes epoll where it works and NIO elsewhere,
 * never failing; {@link Transport#EPOLL} fails where epoll cannot work. The epoll classes are
 * in the Java 22 part of the multi-release jar, so they are looked up by name.
 */
public final class Transports {

    private static final String EPOLL_CLASS = "io.picoev.loop.epoll.EpollTransport";

    private Transports() {
    }

    /** A chosen transport and why it was chosen, for the startup line. */
    public record Choice(TransportProvider provider, String why) {
    }

    /**
     * The transport for {@code wanted}.
     *
     * @throws InvalidConfigException naming {@code transport} when epoll is asked for where it cannot work
     */
    public static Choice choose(Transport wanted) {
        if (wanted == Transport.NIO) {
            return new Choice(new NioTransport(), "picoev.transport=nio");
        }
        TransportProvider epoll = null;
        String reason = epollReason();
        if (reason == null) {
            try {
                epoll = (TransportProvider) Class.forName(EPOLL_CLASS).getConstructor().newInstance();
                reason = epoll.unavailableReason();
            } catch (ClassNotFoundException e) {
                reason = "the epoll classes are not on the class path (picoev-core is not loaded as a multi-release jar)";
            } catch (ReflectiveOperationException | LinkageError e) {
                Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
                reason = "epoll could not be set up (" + cause + ")";
            }
        }
        if (reason == null) {
            return new Choice(epoll, wanted == Transport.EPOLL ? "picoev.transport=epoll" : "auto: Linux, Java "
                + Runtime.version().feature() + ", native access enabled");
        }
        if (wanted == Transport.EPOLL) {
            throw new InvalidConfigException("transport", "is epoll but " + reason
                + "; set picoev.transport to auto or nio to run on NIO");
        }
        return new Choice(new NioTransport(), "auto: " + reason);
    }

    private static String epollReason() {
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) {
            return "epoll needs Linux, this is " + os;
        }
        int feature = Runtime.version().feature();
        if (feature < 22) {
            return "epoll needs Java 22 or newer (the FFM API), this is Java " + feature;
        }
        return null;
    }
}
