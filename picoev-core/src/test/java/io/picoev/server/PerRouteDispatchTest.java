package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.http.HttpStatusException;
import io.picoev.http.Routes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Routes choose where they run: a {@code blocking} route on a virtual thread beside routes on the
 * loop; the blocked-loop detector counts a loop handler that runs too long; a handler's
 * {@link HttpStatusException} is its answer, not a failure.
 */
class PerRouteDispatchTest {

    private final CountDownLatch release = new CountDownLatch(1);

    private Routes routes(Picoev[] self) {
        return Routes.builder()
            .get("/report", Routes.blocking((req, res) -> {
                assertThat(Thread.currentThread().isVirtual()).isTrue();
                release.await(30, TimeUnit.SECONDS);
                res.send(200, "text/plain", "report on " + Thread.currentThread().isVirtual());
            }))
            .get("/fast/{n}", (req, res) -> res.send(200, "text/plain",
                "fast " + req.pathVariable("n") + " on " + Thread.currentThread().getName()))
            .get("/hog", (req, res) -> {
                // holds the loop until the detector has seen it (or 20 s pass)
                Servers.eventually(Duration.ofSeconds(20), () -> Servers.stats(self[0]).blockedLoops() > 0);
                res.send(200, "text/plain", "hogged");
            })
            .get("/teapot", (req, res) -> {
                throw new HttpStatusException(418, "short and stout").header("X-Why", "tea");
            })
            .build();
    }

    @Test
    void aBlockingRouteRunsOnAVirtualThreadWhileTheOthersStayOnTheLoop() throws Exception {
        Picoev[] self = new Picoev[1];
        try (Picoev server = Servers.start(Config.builder().loops(1).handler(routes(self)));
             RawClient slow = new RawClient(server.port());
             RawClient fast = new RawClient(server.port())) {
            self[0] = server;
            slow.send("GET /report HTTP/1.1\r\nHost: x\r\n\r\n");
            for (int i = 0; i < 5; i++) {
                fast.send("GET /fast/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(fast.read().text()).isEqualTo("fast " + i + " on picoev-loop-0");
            }
            release.countDown();
            assertThat(slow.read().text()).isEqualTo("report on true");
        }
    }

    @Test
    void theBlockedLoopDetectorCountsAHandlerHoldingTheLoop() throws Exception {
        Picoev[] self = new Picoev[1];
        try (Picoev server = Servers.start(Config.builder().loops(1).blockedLoopThresholdMillis(50).handler(routes(self)));
             RawClient c = new RawClient(server.port())) {
            self[0] = server;
            c.send("GET /fast/1 HTTP/1.1\r\nHost: x\r\n\r\n");
            c.read();
            assertThat(Servers.stats(server).blockedLoops()).isZero();
            c.send("GET /hog HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("hogged");
            assertThat(Servers.stats(server).blockedLoops()).isEqualTo(1);
        }
    }

    @Test
    void anHttpStatusExceptionIsTheAnswerAndNoHandlerError() throws Exception {
        Picoev[] self = new Picoev[1];
        try (Picoev server = Servers.start(Config.builder().loops(1).handler(routes(self)));
             RawClient c = new RawClient(server.port())) {
            c.send("GET /teapot HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Reply r = c.read();
            assertThat(r.status()).isEqualTo(418);
            assertThat(r.header("x-why")).isEqualTo("tea");
            assertThat(r.text()).isEqualTo("418 : short and stout\n");
            assertThat(c.read().status()).isEqualTo(404);
            assertThat(Servers.stats(server).handlerErrors()).isZero();
        }
    }
}
