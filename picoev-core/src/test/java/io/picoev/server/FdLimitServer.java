package io.picoev.server;

import io.picoev.Config;
import io.picoev.Picoev;
import java.time.Duration;

/**
 * A server for {@link AcceptBackOffTest} to run in a child JVM (under a low {@code ulimit -n}):
 * prints its port, serves {@code /plaintext} and {@code /open} (connections open now), and
 * stops when its standard input closes.
 */
public final class FdLimitServer {

    private FdLimitServer() {
    }

    public static void main(String[] args) throws Exception {
        int maxConnections = Integer.parseInt(args[0]);
        Picoev[] self = new Picoev[1];
        Picoev server = Picoev.create(Config.builder().host("127.0.0.1").port(0).loops(1)
            .maxConnections(maxConnections).handler((req, res) -> {
                if (req.isPath("/open")) {
                    res.send(200, "text/plain", Long.toString(self[0].openConnections()));
                } else {
                    res.httpOk().plain().body("Hello, World!");
                }
            }).build());
        self[0] = server;
        server.start();
        System.out.println("port " + server.port());
        System.out.flush();
        while (System.in.read() != -1) {
            // until the parent closes our input
        }
        server.stop(Duration.ofSeconds(1));
    }
}
