package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.http.Request;
import io.picoev.http.RequestHandler;
import io.picoev.http.Response;
import io.picoev.http.Routes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Handlers on virtual threads: a blocking handler does not stall the loop, answers stay in order. */
class ExecutorDispatchTest {

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    private Config.Builder config(ExecutorService executor) {
        Routes routes = Routes.builder()
            .get("/slow", (req, res) -> {
                int now = running.incrementAndGet();
                mostAtOnce.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(Long.parseLong(req.query()));
                } finally {
                    running.decrementAndGet();
                }
                res.send(200, "text/plain", "slept " + req.query());
            })
            .get("/plaintext", (req, res) -> res.send(200, "text/plain", "Hello, World!"))
            .get("/throw", (req, res) -> {
                throw new IllegalStateException("boom (a test exception)");
            })
            .build();
        return Config.builder().loops(1).handler(routes).executor(executor);
    }

    @Test
    void aHandlerThatBlocksForASecondDoesNotStallOtherConnections() throws Exception {
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor();
             Picoev server = Servers.start(config(vt));
             RawClient slow = new RawClient(server.port());
             RawClient fast = new RawClient(server.port())) {
            long start = System.nanoTime();
            slow.send("GET /slow?1000 HTTP/1.1\r\nHost: x\r\n\r\n");
            for (int i = 0; i < 20; i++) {
                fast.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(fast.read().text()).isEqualTo("Hello, World!");
            }
            assertThat(running).as("the slow handler is still sleeping").hasValue(1);
            assertThat(slow.read().text()).isEqualTo("slept 1000");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void pipelinedAnswersKeepTheirOrder() throws Exception {
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor();
             Picoev server = Servers.start(config(vt));
             RawClient c = new RawClient(server.port())) {
            c.send("GET /slow?200 HTTP/1.1\r\nHost: x\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /throw HTTP/1.1\r\nHost: x\r\n\r\nGET /slow?10 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "HEAD /plaintext HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("slept 200");
            assertThat(c.read().text()).isEqualTo("Hello, World!");
            assertThat(c.read().status()).isEqualTo(500);
            assertThat(c.read().text()).isEqualTo("slept 10");
            assertThat(c.read(true).header("content-length")).isEqualTo("13");
            assertThat(c.read().status()).isEqualTo(404);
            assertThat(Servers.stats(server).handlerErrors()).isEqualTo(1);
        }
    }

    @Test
    void requestsInFlightAreBounded() throws Exception {
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor();
             Picoev server = Servers.start(config(vt).maxInFlight(2));
             ExecutorService clients = Executors.newFixedThreadPool(6)) {
            CompletableFuture<?>[] all = new CompletableFuture<?>[6];
            for (int i = 0; i < all.length; i++) {
                all[i] = CompletableFuture.runAsync(() -> {
                    try (RawClient c = new RawClient(server.port())) {
                        c.send("GET /slow?150 HTTP/1.1\r\nHost: x\r\n\r\n");
                        assertThat(c.read().text()).isEqualTo("slept 150");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, clients);
            }
            CompletableFuture.allOf(all).get();
            assertThat(mostAtOnce.get()).isEqualTo(2);
            assertThat(Servers.stats(server).requests()).isEqualTo(6);
        }
    }

    @Test
    void gracefulStopWaitsForTheHandlerOnTheExecutor() throws Exception {
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            Picoev server = Servers.start(config(vt));
            try (RawClient c = new RawClient(server.port())) {
                c.send("GET /slow?500 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(Servers.eventually(Duration.ofSeconds(5), () -> running.get() == 1)).isTrue();
                CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));
                RawClient.Reply r = c.read();
                assertThat(r.text()).isEqualTo("slept 500");
                assertThat(stopped.get()).isTrue();
                assertThat(c.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void aHandlerCanSendChosenRequestsOffTheLoop() throws Exception {
        CompletableFuture<String> slowThread = new CompletableFuture<>();
        CompletableFuture<String> fastThread = new CompletableFuture<>();
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            RequestHandler handler = new RequestHandler() {
                @Override
                public void handle(Request req, Response res) throws Exception {
                    if (req.isPath("/slow")) {
                        slowThread.complete(Thread.currentThread().getName());
                        Thread.sleep(1000);
                    } else {
                        fastThread.complete(Thread.currentThread().getName());
                    }
                    res.send(200, "text/plain", req.path());
                }

                @Override
                public Executor executorFor(Request req) {
                    return req.isPath("/slow") ? vt : null;
                }
            };
            try (Picoev server = Servers.start(Config.builder().loops(1).handler(handler));
                 RawClient slow = new RawClient(server.port());
                 RawClient fast = new RawClient(server.port())) {
                slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(slowThread.get(10, TimeUnit.SECONDS)).as("off the loop").isEmpty(); // virtual threads are unnamed
                fast.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(fast.read().text()).as("answered while /slow sleeps").isEqualTo("/fast");
                assertThat(fastThread.get()).as("on the loop").startsWith("picoev-");
                assertThat(slow.read().text()).isEqualTo("/slow");
            }
        }
    }
}
