package io.picoev.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.picoev.InvalidConfigException;
import io.picoev.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which transport each choice gets on which platform, without a socket: the platform (OS name,
 * Java feature version, the epoll class) is given. {@code TransportChoiceTest} checks the real
 * one in child JVMs, with and without native access.
 */
class TransportsTest {

    private static final String AVAILABLE = Available.class.getName();
    private static final String UNAVAILABLE = Unavailable.class.getName();

    @Test
    void nioIsTakenAsConfigured() {
        Transports.Choice choice = Transports.choose(Transport.NIO);
        assertThat(choice.provider().name()).isEqualTo("nio");
        assertThat(choice.why()).isEqualTo("configured");
    }

    /** Probing epoll may touch native code (a JDK warns of restricted calls without native access). */
    @Test
    void nioDoesNotProbeEpoll() {
        int before = Counted.made.get();
        Transports.Choice choice = Transports.choose(Transport.NIO, "Linux", 25, Counted.class.getName());
        assertThat(choice.provider().name()).isEqualTo("nio");
        assertThat(Counted.made.get()).isEqualTo(before);
    }

    @Test
    void autoTakesEpollWhereItWorks() {
        Transports.Choice choice = Transports.choose(Transport.AUTO, "Linux", 22, AVAILABLE);
        assertThat(choice.provider()).isInstanceOf(Available.class);
        assertThat(choice.why()).isEqualTo("auto");
    }

    @Test
    void epollIsTakenAsConfiguredWhereItWorks() {
        Transports.Choice choice = Transports.choose(Transport.EPOLL, "Linux", 22, AVAILABLE);
        assertThat(choice.provider()).isInstanceOf(Available.class);
        assertThat(choice.why()).isEqualTo("configured");
    }

    /** The real epoll class is package-private in its own package: not exported, not API. */
    @Test
    void epollIsFoundThoughItsClassIsHidden() {
        Transports.Choice choice = Transports.choose(Transport.AUTO, "Linux", 25, Hidden.class.getName());
        assertThat(choice.provider()).isInstanceOf(Hidden.class);
        assertThat(choice.why()).isEqualTo("auto");
    }

    /** Platforms where epoll cannot work, and the reason given. */
    static Stream<Arguments> noEpoll() {
        return Stream.of(
            Arguments.of("Mac OS X", 25, AVAILABLE, "not Linux"),
            Arguments.of("Windows 11", 25, AVAILABLE, "not Linux"),
            Arguments.of("Linux", 21, AVAILABLE, "Java 21 (the epoll transport needs Java 22 or later)"),
            Arguments.of("Linux", 25, "io.picoev.loop.NoSuchTransport", "the epoll transport is not in this build"),
            Arguments.of("Linux", 25, Exploding.class.getName(), "the epoll transport is not in this build"),
            Arguments.of("Linux", 25, UNAVAILABLE, Unavailable.REASON));
    }

    @ParameterizedTest(name = "{0}, Java {1}, {2}")
    @MethodSource("noEpoll")
    void autoFallsBackToNioSayingWhy(String os, int java, String epollClass, String reason) {
        Transports.Choice choice = Transports.choose(Transport.AUTO, os, java, epollClass);
        assertThat(choice.provider().name()).isEqualTo("nio");
        assertThat(choice.why()).isEqualTo("auto; no epoll: " + reason);
    }

    @ParameterizedTest(name = "{0}, Java {1}, {2}")
    @MethodSource("noEpoll")
    void epollFailsNamingThePropertyTheReasonAndTheFix(String os, int java, String epollClass, String reason) {
        assertThatThrownBy(() -> Transports.choose(Transport.EPOLL, os, java, epollClass))
            .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("transport"))
            .hasMessage("Config.transport is EPOLL but epoll cannot work here: " + reason + "; use AUTO or NIO");
    }

    /** An epoll transport that works. */
    public static class Available implements TransportProvider {
        @Override
        public String name() {
            return "available";
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public Backend newBackend(int capacity) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Listener bind(InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort, int loops) {
            throw new UnsupportedOperationException();
        }
    }

    /** An epoll transport that loads but cannot work here, as without native access. */
    public static class Unavailable extends Available {
        static final String REASON = "native access is not enabled for the class path";

        @Override
        public String unavailableReason() {
            return REASON;
        }
    }

    /** A working epoll transport whose constructor {@link Transports} may not call without setAccessible. */
    private static final class Hidden extends Available {
        private Hidden() {
        }
    }

    /** An epoll transport that counts its instances. */
    public static class Counted extends Available {
        static final AtomicInteger made = new AtomicInteger();

        public Counted() {
            made.incrementAndGet();
        }
    }

    /** An epoll class that fails to load, as one linked against a missing class. */
    public static class Exploding extends Available {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new LinkageError("missing symbol");
            }
        }
    }
}
