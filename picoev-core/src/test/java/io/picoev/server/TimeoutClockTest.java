package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.picoev.Config;
import io.picoev.InvalidConfigException;
import io.picoev.Picoev;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The inactivity timeout measures real silence (issue 6 §2): never earlier than configured, later
 * by at most the documented slack; sub-second values work; a loop stalled by a handler does not
 * expire a connection whose request waits in its socket, nor the handler's own connection; output
 * in progress is activity.
 */
class TimeoutClockTest {

    /** The documented upper slack (one 100 ms tick), plus room for a loaded test machine. */
    private static final long SLACK_MILLIS = 1000;

    @Test
    void idleKeepAliveClosesAfterAtLeastTheTimeoutAndWithinTheSlack() throws Exception {
        CompletableFuture<Long> two = CompletableFuture.supplyAsync(() -> idleMillis(Duration.ofSeconds(2)));
        CompletableFuture<Long> eight = CompletableFuture.supplyAsync(() -> idleMillis(Duration.ofSeconds(8)));
        CompletableFuture<Long> half = CompletableFuture.supplyAsync(() -> idleMillis(Duration.ofMillis(500)));
        // the client's clock starts once the answer arrived, a few microseconds after the server's: 5 ms of tolerance
        assertThat(two.get()).isBetween(2000L - 5, 2000L + SLACK_MILLIS);
        assertThat(eight.get()).isBetween(8000L - 5, 8000L + SLACK_MILLIS);
        assertThat(half.get()).as("a sub-second timeout works").isBetween(500L - 5, 500L + SLACK_MILLIS);
    }

    /** Milliseconds from a keep-alive answer until the server closes the connection. */
    private static long idleMillis(Duration timeout) {
        try (Picoev server = Servers.start(Servers.oneLoop().timeout(timeout));
             RawClient c = new RawClient(server.port())) {
            c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            return (System.nanoTime() - start) / 1_000_000;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTimeoutBelowOneMillisecondFailsNamingTheField() {
        assertThatThrownBy(() -> Servers.oneLoop().timeout(Duration.ofNanos(500_000)).build())
            .isInstanceOf(InvalidConfigException.class)
            .hasMessageContaining("timeout");
        assertThat(Servers.oneLoop().timeout(Duration.ZERO).build().timeout()).isZero();
    }

    @Test
    void aStalledLoopExpiresNeitherAConnectionWithInputWaitingNorTheHandlersOwn() throws Exception {
        // the handler holds the loop 2.5 s; the timeout is 2 s
        Config.Builder config = Config.builder().loops(1).timeout(Duration.ofSeconds(2)).handler((req, res) -> {
            if (req.isPath("/slow")) {
                LockSupport.parkNanos(Duration.ofMillis(2500).toNanos());
            }
            res.httpOk().plain().body("ok");
        });
        try (Picoev server = Servers.start(config);
             RawClient waiting = new RawClient(server.port());
             RawClient slow = new RawClient(server.port())) {
            waiting.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(waiting.read().status()).isEqualTo(200);
            Thread.sleep(300);
            slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"); // loop held until ~2.8 s
            Thread.sleep(1200);
            // silent 1.5 s of its 2 s: its deadline passes during the stall, with this request unread
            waiting.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(waiting.read().status()).as("request that waited through the stall is answered").isEqualTo(200);
            assertThat(slow.read().status()).isEqualTo(200);
            Thread.sleep(100);
            slow.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(slow.read().status()).as("the slow handler's own connection stays open after its answer")
                .isEqualTo(200);
            assertThat(Servers.stats(server).timeouts()).isZero();
        }
    }

    @Test
    void aClientPausingLessThanTheTimeoutWhileALargeAnswerIsWrittenGetsAllOfIt() throws Exception {
        int size = 16 * 1024 * 1024;
        try (Picoev server = Servers.start(Servers.oneLoop().timeout(Duration.ofSeconds(2)));
             RawClient c = new RawClient(server.port())) {
            c.socket.setReceiveBufferSize(64 * 1024);
            c.send("GET /big?" + size + " HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = c.input();
            byte[] chunk = new byte[1024 * 1024];
            long total = 0;
            for (int pause = 0; pause < 4; pause++) {
                // read a few MiB, then pause 1.7 s: silence from the client, but the server's output is unfinished
                for (int i = 0; i < 4; i++) {
                    int n = in.read(chunk);
                    assertThat(n).as("read after %d bytes", total).isPositive();
                    total += n;
                }
                Thread.sleep(1700);
            }
            long n;
            while (total <= size && (n = in.read(chunk)) > 0) { // the head comes on top of the body
                total += n;
            }
            assertThat(total).as("every byte of the answer arrived; %s", Servers.stats(server)).isGreaterThan(size);
            assertThat(Servers.stats(server).timeouts()).isZero();
        }
    }
}
