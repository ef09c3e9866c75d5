package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Picoev;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 6 §4: clients too slow, or too eager, to be served must not hold a connection or the loop. */
class SlowClientTest {

    /**
     * Sends {@code bytes} one every {@code pauseMillis} until the server closes; returns
     * milliseconds until then, or {@code Long.MAX_VALUE} if it was still open after 6 s.
     */
    private static long trickleUntilClosed(RawClient c, byte[] bytes, long pauseMillis) throws Exception {
        long start = System.nanoTime();
        c.socket.setSoTimeout((int) pauseMillis);
        for (byte b : bytes) {
            if (System.nanoTime() - start > 6_000_000_000L) {
                break;
            }
            try {
                c.send(new byte[] {b});
                if (c.input().read() == -1) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                continue;
            } catch (IOException reset) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        return Long.MAX_VALUE;
    }

    @Test
    void aHeadThatTricklesInIsCutOffAtTheRequestHeaderTimeout() throws Exception {
        // one byte every 200 ms would keep re-arming an 8 s inactivity timeout forever (slowloris)
        try (Picoev server = Servers.start(Servers.oneLoop().timeout(Duration.ofSeconds(8))
                .requestHeaderTimeout(Duration.ofSeconds(1)));
             RawClient c = new RawClient(server.port())) {
            byte[] head = ("GET /plaintext HTTP/1.1\r\nHost: x\r\n" + "X-Slow: 1\r\n".repeat(50) + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
            long millis = trickleUntilClosed(c, head, 200);
            assertThat(millis).as("closed about 1 s after the head's first byte").isBetween(900L, 4000L);
            assertThat(Servers.stats(server).requests()).isZero();
        }
    }

    @Test
    void aHeadThatArrivesInTimeIsServedAndTheNextGetsItsOwnDeadline() throws Exception {
        try (Picoev server = Servers.start(Servers.oneLoop().requestHeaderTimeout(Duration.ofMillis(1500)));
             RawClient c = new RawClient(server.port())) {
            for (int i = 0; i < 3; i++) { // each head takes ~1 s of the 1.5 s: fine, one after another
                c.sendSlowly("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n", 25);
                assertThat(c.read().text()).isEqualTo("Hello, World!");
            }
        }
    }

    @Test
    void aBodyThatTricklesInBelowTheMinimumRateIsCutOff() throws Exception {
        // 5 bytes per second against a minimum of 100, after a grace period of the 1 s timeout
        try (Picoev server = Servers.start(Servers.oneLoop().timeout(Duration.ofSeconds(1)).minRequestBodyRate(100));
             RawClient c = new RawClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
            long millis = trickleUntilClosed(c, new byte[1000], 200);
            assertThat(millis).as("closed after the grace period plus a little").isBetween(900L, 4000L);
            assertThat(Servers.stats(server).requests()).isZero();
        }
        // the same body at a fine rate arrives in full
        try (Picoev server = Servers.start(Servers.oneLoop().timeout(Duration.ofSeconds(1)).minRequestBodyRate(100));
             RawClient c = new RawClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n");
            for (int i = 0; i < 10; i++) {
                c.send(new byte[300]);
                Thread.sleep(200); // 1500 bytes/s
            }
            assertThat(c.read().body()).hasSize(3000);
        }
    }

    @Test
    void withTimeoutZeroABodyInPiecesIsServed() throws Exception {
        // timeout 0 means never: it gives the body rate no grace of zero, which would cut any pause
        for (Duration headTimeout : new Duration[] {null, Duration.ofSeconds(5)}) {
            try (Picoev server = Servers.start(Servers.oneLoop().timeout(Duration.ZERO).requestHeaderTimeout(headTimeout));
                 RawClient c = new RawClient(server.port())) {
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
                Thread.sleep(300); // on purpose: a pause within the body is what is tested
                c.send("67890");
                RawClient.Reply r = c.read();
                assertThat(r.status()).as("requestHeaderTimeout %s", headTimeout).isEqualTo(200);
                assertThat(r.text()).isEqualTo("1234567890");
            }
        }
    }

    @Test
    void aClientPipeliningAHundredThousandRequestsAndNeverReadingIsBoundedAndOthersAreServed() throws Exception {
        try (Picoev server = Servers.start(Servers.oneLoop().timeout(Duration.ofSeconds(30)));
             Socket hog = new Socket("127.0.0.1", server.port())) {
            hog.setReceiveBufferSize(8192);
            // 1 KiB requests for ~130-byte answers: 100 MiB offered, far more than any socket buffer holds
            byte[] request = ("GET /plaintext HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(1000) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
            CompletableFuture<Integer> sent = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                try {
                    OutputStream out = hog.getOutputStream();
                    for (; n < 100_000; n++) {
                        out.write(request); // blocks once the server stops reading
                    }
                } catch (IOException closed) {
                    // closed at the end of the test
                }
                return n;
            });
            // the server stops reading the hog once its answers back up: what it read levels off
            long read;
            long before = -1;
            do {
                before = Servers.stats(server).bytesRead();
                Thread.sleep(500);
                read = Servers.stats(server).bytesRead();
            } while (read != before);
            // bounded by the socket buffers (a 4 MiB send buffer holds ~30,000 answers, ~30 MiB of these requests),
            // not by the 100 MiB offered
            assertThat(read).as("bytes read from a client that never reads: bounded by buffers, not by what it sends")
                .isLessThan(50L * 1024 * 1024);
            assertThat(sent).isNotDone();
            // meanwhile the loop serves others at normal speed
            try (RawClient other = new RawClient(server.port())) {
                long worst = 0;
                for (int i = 0; i < 200; i++) {
                    long t0 = System.nanoTime();
                    other.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(other.read().text()).isEqualTo("Hello, World!");
                    worst = Math.max(worst, System.nanoTime() - t0);
                }
                assertThat(Duration.ofNanos(worst)).as("worst latency of another client (a loaded machine allows seconds, the hog's backlog far more)")
                    .isLessThan(Duration.ofSeconds(3));
            }
            assertThat(Servers.stats(server).bytesRead() - read).as("the hog still is not read")
                .isLessThan(64 * 1024);
        }
    }
}
