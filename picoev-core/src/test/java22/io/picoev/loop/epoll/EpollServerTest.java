package io.picoev.loop.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.picoev.Config;
import io.picoev.InvalidConfigException;
import io.picoev.Picoev;
import io.picoev.Target;
import io.picoev.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only the epoll transport does, through a real server. */
class EpollServerTest {

    private static final byte[] REQUEST = "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static Picoev start(Config.Builder config) throws IOException {
        Picoev pv = Picoev.create(config.host("127.0.0.1").port(0).loops(1).transport(Transport.EPOLL).build()).start();
        assertThat(pv.transport()).isEqualTo("epoll");
        return pv;
    }

    private static Config.Builder plaintext() {
        return Config.builder().handler((req, res) -> res.httpOk().plain().body("Hello, World!"));
    }

    private static String answer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        while (!got.toString().endsWith("Hello, World!")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            got.append((char) b);
        }
        return got.toString();
    }

    @Test
    void oneLoopServesMoreThan1024OpenConnections() throws Exception {
        int n = 1_100;
        try (Syscalls sys = new Syscalls()) {
            assumeThat(sys.maxOpenFiles()).as("needs fds for both ends").isGreaterThan(2L * n + 200);
        }
        List<Socket> clients = new ArrayList<>();
        try (Picoev server = start(plaintext())) {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                clients.add(s);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.openConnections() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.openConnections()).isEqualTo(n);
            for (Socket s : clients) { // every one still answers, the last (fd > 1024) as the first
                s.getOutputStream().write(REQUEST);
            }
            for (Socket s : clients) {
                assertThat(answer(s)).startsWith("HTTP/1.1 200 OK");
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void peerThatHalfClosesGetsItsAnswerThenTheConnectionCloses() throws Exception {
        try (Picoev server = start(plaintext()); Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(REQUEST);
            s.shutdownOutput(); // EPOLLRDHUP with the request still unread
            String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(got).startsWith("HTTP/1.1 200 OK").endsWith("Hello, World!");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.openConnections()).isZero();
        }
    }

    @Test
    void rawEchoOverASeedStyleAddOfAnFd() throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        Config.Builder raw = Config.builder().rawHandler((pv, t, events) -> { });
        try (Picoev server = start(raw); Syscalls sys = new Syscalls(); Arena arena = Arena.ofConfined()) {
            int[] fds = new int[2];
            assertThat(sys.socketpair(Syscalls.SOCK_NONBLOCK | Syscalls.SOCK_CLOEXEC, fds)).isZero();
            CompletableFuture<Target> added = new CompletableFuture<>();
            server.execute(() -> {
                try {
                    // the seed's add(fd, events, timeout, cb), verbatim
                    added.complete(server.add(fds[0], Picoev.READ, 0, (t, events) -> {
                        buf.clear();
                        int n = t.read(buf);
                        if (n < 0) {
                            t.close();
                            return;
                        }
                        buf.flip();
                        t.write(buf);
                    }));
                } catch (IOException | RuntimeException e) {
                    added.completeExceptionally(e);
                }
            });
            Target t = added.get(30, TimeUnit.SECONDS);
            assertThat(t.fd()).as("the real fd, as in the seed").isEqualTo(fds[0]);
            MemorySegment mem = arena.allocate(64);
            byte[] hello = "hello, raw".getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(hello, 0, mem, JAVA_BYTE, 0, hello.length);
            assertThat(sys.write(fds[1], mem.address(), hello.length)).isEqualTo(hello.length);
            mem.fill((byte) 0);
            long got = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got < hello.length && System.nanoTime() < deadline) {
                long n = sys.read(fds[1], mem.address() + got, 64 - got);
                if (n > 0) {
                    got += n;
                } else {
                    Thread.sleep(5);
                }
            }
            assertThat(mem.asSlice(0, hello.length).toArray(JAVA_BYTE)).isEqualTo(hello);
            sys.close(fds[1]); // the callback reads end of stream and closes its side
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (t.isOpen() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(t.isOpen()).isFalse();
        }
    }

    @Test
    void nioCannotAddABareFdAndSaysSo() throws Exception {
        try (Picoev server = Picoev.create(Config.builder().rawHandler((pv, t, e) -> { }).host("127.0.0.1").port(0)
                .loops(1).transport(Transport.NIO).build()).start()) {
            CompletableFuture<Object> result = new CompletableFuture<>();
            server.execute(() -> {
                try {
                    result.complete(server.add(0, Picoev.READ, 0, (t, e) -> { }));
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
            assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(UnsupportedOperationException.class)
                .asString().contains("add(SelectableChannel");
        }
    }

    @Test
    void gracefulStopClosesTheSharedListenerOnEveryLoop() throws Exception {
        Picoev server = Picoev.create(plaintext().host("127.0.0.1").port(0).loops(2).transport(Transport.EPOLL).build())
            .start();
        int port = server.port();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(REQUEST);
            assertThat(answer(s)).startsWith("HTTP/1.1 200 OK");
        }
        assertThat(server.stop(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void unknownTransportValueIsRejectedByTheConfig() {
        assertThatThrownBy(() -> plaintext().transport(null).build()).isInstanceOf(InvalidConfigException.class)
            .hasMessageContaining("Config.transport");
    }
}
