package io.picoev.server;

import io.picoev.Config;
import io.picoev.LoopStats;
import io.picoev.Picoev;
import io.picoev.Transport;
import io.picoev.http.Request;
import io.picoev.http.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Starts real servers on a free loopback port for the tests. */
final class Servers {

    /** The transport every test server runs on: {@code -Dpicoev.test.transport=nio|epoll} (a surefire execution each). */
    static final Transport TRANSPORT = Transport.valueOf(System.getProperty("picoev.test.transport", "auto").toUpperCase());

    private Servers() {
    }

    /** A server on 127.0.0.1, port 0, on the tests' transport, with {@code config}'s other settings. */
    static Picoev start(Config.Builder config) throws IOException {
        return Picoev.create(config.host("127.0.0.1").port(0).transport(TRANSPORT).build()).start();
    }

    static Config.Builder oneLoop() {
        return Config.builder().loops(1).transport(TRANSPORT).handler(Servers::routes);
    }

    /** The test application: a few routes exercising the response API. */
    static void routes(Request req, Response res) {
        if (req.isPath("/plaintext")) {
            res.httpOk().plain().body("Hello, World!");
        } else if (req.isPath("/echo")) {
            String type = req.header("content-type");
            res.send(200, type == null ? "application/octet-stream" : type, req.body());
        } else if (req.isPath("/path")) {
            res.send(200, "text/plain", req.target());
        } else if (req.isPath("/big")) {
            int size = Integer.parseInt(req.query());
            byte[] body = new byte[size];
            for (int i = 0; i < size; i++) {
                body[i] = (byte) ('a' + i % 26);
            }
            res.send(200, "application/octet-stream", body);
        } else if (req.isPath("/throw")) {
            throw new IllegalStateException("boom (a test exception)");
        } else if (req.isPath("/nothing")) {
            return;
        } else {
            res.http404();
        }
    }

    static LoopStats stats(Picoev pv) {
        return pv.loopStats().get(0);
    }

    /** Polls {@code condition} until true or {@code timeout} passes; returns its last value. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
