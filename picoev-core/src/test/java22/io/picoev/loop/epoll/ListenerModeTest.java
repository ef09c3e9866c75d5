package io.picoev.loop.epoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.picoev.Config;
import io.picoev.LoopStats;
import io.picoev.Picoev;
import io.picoev.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two listener modes of {@code -Dio.picoev.epoll.listener}: one listener shared by every
 * loop with {@code EPOLLEXCLUSIVE}, or one {@code SO_REUSEPORT} listener per loop. The property
 * is read once at bind, so each test sets it around {@link Picoev#create} only.
 */
class ListenerModeTest {

    private static final byte[] REQUEST = "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOLD = "GET /hold HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private Picoev start(String mode, int port) throws IOException {
        Config config = Config.builder().host("127.0.0.1").port(port).loops(2).transport(Transport.EPOLL)
            .handler((req, res) -> {
                if (req.isPath("/hold")) { // holds its loop, as a blocking handler would
                    held.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                res.httpOk().plain().body("Hello, World!");
            }).build();
        String was = System.setProperty(EpollListener.MODE_PROPERTY, mode);
        try {
            return Picoev.create(config).start();
        } finally {
            if (was == null) {
                System.clearProperty(EpollListener.MODE_PROPERTY);
            } else {
                System.setProperty(EpollListener.MODE_PROPERTY, was);
            }
        }
    }

    /** Sockets in LISTEN state on {@code port}, IPv4 and IPv6, as the kernel lists them in /proc/net. */
    private static long listeningSockets(int port) throws IOException {
        String local = String.format(":%04X", port);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            n += java.nio.file.Files.readAllLines(java.nio.file.Path.of(table)).stream().skip(1)
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f[1].endsWith(local) && f[3].equals("0A"))
                .count();
        }
        return n;
    }

    @Test
    void exclusiveBindsOneSocketForEveryLoop() throws Exception {
        try (Picoev server = start("exclusive", 0)) {
            assertThat(listeningSockets(server.port())).isEqualTo(1);
        }
    }

    /** Reads one plaintext answer. */
    private static void answer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        while (!got.toString().endsWith("Hello, World!")) {
            int b = in.read();
            assertThat(b).as("closed before the answer").isNotNegative();
            got.append((char) b);
        }
        assertThat(got.toString()).startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void reuseportBindsOneSocketPerLoopOnPortZeroAndAPortInUseStillFails() throws Exception {
        Picoev server = start("reuseport", 0);
        int port = server.port();
        int n = 64;
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(REQUEST);
                answer(s);
            }
        }
        List<LoopStats> stats = server.loopStats();
        assertThat(stats.get(0).accepted() + stats.get(1).accepted()).isEqualTo(n);
        assertThat(listeningSockets(port)).as("one listening socket per loop").isEqualTo(2);
        // the kernel hashes source ports over the two sockets: all 64 on one loop has odds of 2^-63
        assertThat(stats).allSatisfy(s -> assertThat(s.accepted()).isPositive());
        assertThatThrownBy(() -> start("reuseport", port)).as("the port is in use, even for a server of this user")
            .isInstanceOf(BindException.class).hasMessageContaining(":" + port);
        assertThat(server.stop(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("every socket of the group closed")
            .isInstanceOf(IOException.class);
    }

    @Test
    void exclusiveLetsTheFreeLoopTakeEveryConnectionWhileTheOtherIsHeld() throws Exception {
        List<Socket> clients = new ArrayList<>();
        try (Picoev server = start("exclusive", 0); Socket holder = new Socket("127.0.0.1", server.port())) {
            holder.getOutputStream().write(HOLD);
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                clients.add(s);
                s.setSoTimeout(30_000);
                s.getOutputStream().write(REQUEST);
            }
            for (Socket s : clients) {
                answer(s); // all from the free loop, while the other is still held
            }
            release.countDown();
            answer(holder);
        } finally {
            release.countDown();
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void reuseportLeavesConnectionsHashedToAHeldLoopWaitingUntilItReturns() throws Exception {
        List<Socket> clients = new ArrayList<>();
        try (Picoev server = start("reuseport", 0); Socket holder = new Socket("127.0.0.1", server.port())) {
            holder.getOutputStream().write(HOLD);
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                clients.add(s);
                s.setSoTimeout(30_000);
                s.getOutputStream().write(REQUEST);
            }
            // the free loop answers its share at once; the held loop's share sits in its socket's backlog
            List<Socket> waiting = new ArrayList<>(clients);
            long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // then 1 s after the last answer
            while (!waiting.isEmpty() && System.nanoTime() < quietUntil) {
                for (Iterator<Socket> it = waiting.iterator(); it.hasNext(); ) {
                    Socket s = it.next();
                    if (s.getInputStream().available() > 0) {
                        answer(s);
                        it.remove();
                        quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    }
                }
                Thread.sleep(10);
            }
            // 16 connections, each hashed to either socket: none (or all) on the held loop has odds of 2^-15
            assertThat(waiting).as("hashed to the held loop").isNotEmpty().hasSizeLessThan(clients.size());
            release.countDown();
            answer(holder);
            for (Socket s : waiting) {
                answer(s);
            }
        } finally {
            release.countDown();
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void anUnknownModeFailsTheBindNamingTheProperty() {
        assertThatThrownBy(() -> start("both", 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-Dio.picoev.epoll.listener=both").hasMessageContaining("reuseport");
    }
}
