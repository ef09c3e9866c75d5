package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.picoev.LoopStats;
import io.picoev.Picoev;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several loops sharing one listener, and the per-loop connection limit. */
class LoopsTest {

    @Test
    void twoLoopsServeManyConnectionsAtOnce() throws Exception {
        try (Picoev server = Servers.start(Servers.oneLoop().loops(2));
             ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<RawClient> open = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                open.add(new RawClient(server.port()));
            }
            List<Future<Integer>> done = new ArrayList<>();
            for (RawClient c : open) {
                done.add(clients.submit(() -> {
                    int ok = 0;
                    for (int r = 0; r < 5; r++) {
                        c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                        ok += c.read().text().equals("Hello, World!") ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertThat(total).isEqualTo(1000);
            List<LoopStats> stats = server.loopStats();
            assertThat(stats.get(0).accepted() + stats.get(1).accepted()).isEqualTo(200);
            assertThat(stats.get(0).requests() + stats.get(1).requests()).isEqualTo(1000);
            assertThat(server.openConnections()).isEqualTo(200);
            for (RawClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void aFullLoopLeavesNewConnectionsWaitingUntilOneCloses() throws Exception {
        try (Picoev server = Servers.start(Servers.oneLoop().maxConnections(2));
             RawClient a = new RawClient(server.port());
             RawClient b = new RawClient(server.port())) {
            a.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            b.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(a.read().status()).isEqualTo(200);
            assertThat(b.read().status()).isEqualTo(200);
            try (RawClient third = new RawClient(server.port())) {
                third.socket.setSoTimeout(300);
                third.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThatThrownBy(() -> third.input().read()).as("not accepted yet, so no answer and no close")
                    .isInstanceOf(SocketTimeoutException.class);
                assertThat(Servers.stats(server).accepted()).as("left in the backlog").isEqualTo(2);
                a.close();
                third.socket.setSoTimeout(10_000);
                assertThat(third.read().text()).isEqualTo("Hello, World!");
            }
            assertThat(Servers.stats(server).accepted()).isEqualTo(3);
        }
    }
}
