package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.picoev.Config;
import io.picoev.Picoev;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Timeouts, graceful stop and binding, each on its own server. */
class LifecycleTest {

    @Test
    void idleConnectionTimesOut() throws Exception {
        try (Picoev server = Servers.start(Servers.oneLoop().timeoutSecs(1));
             RawClient idle = new RawClient(server.port());
             RawClient busy = new RawClient(server.port())) {
            busy.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(busy.read().status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(idle.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // the loop counts the timeout, then closes: wait for both
            assertThat(Servers.eventually(Duration.ofSeconds(5),
                () -> Servers.stats(server).timeouts() == 2 && server.openConnections() == 0)).isTrue();
        }
    }

    @Test
    void clientThatNeverReadsIsTimedOutWhileOthersAreServed() throws Exception {
        try (Picoev server = Servers.start(Servers.oneLoop().timeoutSecs(1));
             RawClient hog = new RawClient(server.port())) {
            hog.socket.setReceiveBufferSize(4096);
            // 64 pipelined requests for 1 MiB each, and never a byte read
            hog.send(("GET /big?1048576 HTTP/1.1\r\nHost: x\r\n\r\n").repeat(64));
            try (RawClient other = new RawClient(server.port())) {
                other.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(other.read().text()).isEqualTo("Hello, World!");
            }
            // the hog's reads were paused behind its first unsent answer: far fewer than 64 handled
            assertThat(Servers.eventually(Duration.ofSeconds(5), () -> Servers.stats(server).timeouts() >= 1)).isTrue();
            assertThat(Servers.stats(server).requests()).isLessThan(10);
        }
    }

    @Test
    void gracefulStopFinishesTheRequestInFlightAndClosesIdleOnes() throws Exception {
        Picoev server = Servers.start(Servers.oneLoop());
        try (RawClient idle = new RawClient(server.port()); RawClient inFlight = new RawClient(server.port())) {
            idle.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.read().status()).isEqualTo(200);
            inFlight.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello");
            assertThat(Servers.eventually(Duration.ofSeconds(5), () -> Servers.stats(server).bytesRead() > 60)).isTrue();

            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));
            assertThat(idle.closedByServer()).as("idle keep-alive connection closed at once").isTrue();
            assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
            assertThat(stopped).isNotDone();

            inFlight.send("world");
            RawClient.Reply r = inFlight.read();
            assertThat(r.text()).isEqualTo("helloworld");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(stopped.get()).as("stopped within the grace period").isTrue();
        }
        assertThat(server.isRunning(0)).isFalse();
    }

    @Test
    void aRequestDispatchedAfterTheStopBeganIsToldItIsTheLast() throws Exception {
        // the handler sees keepAlive() false, so one honouring it cannot promise another request
        Picoev server = Servers.start(Servers.oneLoop().handler((req, res) -> res.httpOk().plain().body("keepAlive=" + req.keepAlive())));
        try (RawClient c = new RawClient(server.port())) {
            String head = "POST /ka HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello";
            c.send(head);
            assertThat(Servers.eventually(Duration.ofSeconds(5), () -> Servers.stats(server).bytesRead() >= head.length())).isTrue();
            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));
            assertThat(Servers.eventually(Duration.ofSeconds(5), () -> {
                try {
                    new Socket("127.0.0.1", server.port()).close();
                    return false;
                } catch (java.io.IOException refused) {
                    return true; // the stop has begun: the listener is closed
                }
            })).isTrue();
            c.send("world");
            RawClient.Reply r = c.read();
            assertThat(r.text()).isEqualTo("keepAlive=false");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(stopped.get()).isTrue();
        }
    }

    @Test
    void stopAfterTheGracePeriodClosesWhatIsLeft() throws Exception {
        Picoev server = Servers.start(Servers.oneLoop());
        try (RawClient partial = new RawClient(server.port())) {
            partial.send("GET /plaintext HTTP/1.1\r\nHo");
            assertThat(Servers.eventually(Duration.ofSeconds(5), () -> Servers.stats(server).bytesRead() > 0)).isTrue();
            assertThat(server.stop(Duration.ofMillis(200))).isFalse();
            assertThat(partial.closedByServer()).isTrue();
        }
        server.await();
    }

    @Test
    void aShorterSecondStopCutsALongGracefulStopShort() throws Exception {
        Picoev server = Servers.start(Servers.oneLoop());
        try (RawClient partial = new RawClient(server.port())) {
            partial.send("GET /plaintext HTTP/1.1\r\nHo");
            assertThat(Servers.eventually(Duration.ofSeconds(5), () -> Servers.stats(server).bytesRead() > 0)).isTrue();
            CompletableFuture<Boolean> graceful = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofHours(1)));
            assertThat(Servers.eventually(Duration.ofSeconds(5), () -> !server.isRunning())).isTrue();
            assertThat(server.stop(Duration.ZERO)).isFalse();
            assertThat(graceful.get()).isFalse();
            assertThat(partial.closedByServer()).isTrue();
        }
    }

    @Test
    void portZeroBindsAFreePortAndABusyPortFailsWithItsNumber() throws Exception {
        try (Picoev first = Servers.start(Servers.oneLoop())) {
            assertThat(first.port()).isPositive();
            Config sameport = Servers.oneLoop().host("127.0.0.1").port(first.port()).build();
            assertThatThrownBy(() -> Picoev.create(sameport)).isInstanceOf(BindException.class)
                .hasMessageContaining(":" + first.port());
        }
    }

    @Test
    void stopIsIdempotentAndWorksBeforeStart() throws Exception {
        Picoev never = Picoev.create(Servers.oneLoop().host("127.0.0.1").port(0).build());
        assertThat(never.stop(Duration.ofSeconds(1))).isTrue();
        Picoev twice = Servers.start(Servers.oneLoop());
        assertThat(twice.stop(Duration.ofSeconds(1))).isTrue();
        assertThat(twice.stop(Duration.ofSeconds(1))).isTrue();
    }
}
