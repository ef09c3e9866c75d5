package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Config;
import io.picoev.Picoev;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 6 §3: no 1xx to HTTP/1.0; {@code Connection: close} and refusals during a graceful stop. */
class ProtocolDetailsTest {

    @Test
    void noContinueForAnHttp10Client() throws Exception {
        try (Picoev server = Servers.start(Servers.oneLoop());
             RawClient c = new RawClient(server.port())) {
            c.send("POST /echo HTTP/1.0\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            c.socket.setSoTimeout(300);
            // an HTTP/1.0 client does not know 1xx (RFC 9110 §15.2): nothing comes until it sends the body
            InputStream in = c.input();
            org.assertj.core.api.Assertions.assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            c.socket.setSoTimeout(10_000);
            c.send("hello");
            RawClient.Reply r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello");
        }
        // HTTP/1.1 still gets it
        try (Picoev server = Servers.start(Servers.oneLoop());
             RawClient c = new RawClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
        }
    }

    @ParameterizedTest(name = "handlers on an executor: {0}")
    @ValueSource(booleans = {false, true})
    void anAnswerInFlightWhenAGracefulStopBeginsSaysConnectionClose(boolean onExecutor) throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        Config.Builder config = Config.builder().loops(1).handler((req, res) -> {
            inHandler.countDown();
            stopping.await(10, TimeUnit.SECONDS); // released once the stop has begun
            res.httpOk().plain().body("done");
        });
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            if (onExecutor) {
                config.executor(vt);
            }
            Picoev server = Servers.start(config);
            try (RawClient c = new RawClient(server.port())) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
                CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));
                // the stop marks the loops draining before anything refuses a connection
                assertThat(Servers.eventually(Duration.ofSeconds(5), () -> refusesNewConnections(server.port())))
                    .as("the stop has begun").isTrue();
                stopping.countDown();
                RawClient.Reply r = c.read();
                assertThat(r.text()).isEqualTo("done");
                assertThat(r.header("connection")).as("the server closes after this answer, and says so").isEqualTo("close");
                assertThat(c.closedByServer()).isTrue();
                assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void aNewConnectionDuringAGracefulStopIsRefusedAtOnceWhileAHandlerHoldsTheLoop() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Config.Builder config = Config.builder().loops(1).handler((req, res) -> {
            inHandler.countDown();
            release.await(10, TimeUnit.SECONDS); // holds the loop until the late connection was tried
            res.httpOk().plain().body("slow");
        });
        Picoev server = Servers.start(config);
        try (RawClient slow = new RawClient(server.port())) {
            slow.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));
            assertThat(Servers.eventually(Duration.ofSeconds(1), () -> refusesNewConnections(server.port())))
                .as("the stop has begun: new connections get no answer within a second").isTrue();
            long start = System.nanoTime();
            boolean refused;
            try (Socket late = new Socket("127.0.0.1", server.port())) {
                late.setSoTimeout(2000);
                late.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                refused = late.getInputStream().read() == -1;
            } catch (SocketTimeoutException e) {
                refused = false; // hung until the handler lets the loop go
            } catch (IOException e) {
                refused = true; // connection refused or reset
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(refused).as("no answer for a connection made during the stop").isTrue();
            assertThat(millis).as("refused at once, not when the loop is free again").isLessThan(1000);
            release.countDown();
            assertThat(slow.read().header("connection")).isEqualTo("close");
            assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Whether a new connection gets no answer (refused, reset or closed) rather than hanging. */
    private static boolean refusesNewConnections(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            probe.setSoTimeout(200);
            probe.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            return probe.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
