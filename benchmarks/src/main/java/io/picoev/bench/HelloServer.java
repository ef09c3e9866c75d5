package io.picoev.bench;

import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The standalone example and benchmark target: {@code GET /plaintext} answers
 * {@code Hello, World!}, {@code GET /json} a small JSON object, anything else 404.
 * Arguments: {@code [port] [loops]}; defaults 8080 and the number of processors.
 */
public final class HelloServer {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.US_ASCII);

    private HelloServer() {
    }

    /** Builds the example server's config on {@code port} with {@code loops} loops. */
    public static Config config(int port, int loops) {
        return config(port, loops, Transport.AUTO);
    }

    /** Builds the example server's config on {@code port} with {@code loops} loops on {@code transport}. */
    public static Config config(int port, int loops, Transport transport) {
        return Config.builder()
            .port(port)
            .loops(loops)
            .transport(transport)
            .handler((req, res) -> {
                if (req.isPath("/plaintext")) {
                    res.httpOk().plain().body(HELLO);
                } else if (req.isPath("/json")) {
                    res.httpOk().json().body(JSON);
                } else {
                    res.http404();
                }
            })
            .build();
    }

    /** Runs the server until the JVM is stopped. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Transport transport = args.length > 2 ? Transport.valueOf(args[2].toUpperCase()) : Transport.AUTO;
        Picoev pv = Picoev.create(config(port, loops, transport));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> pv.stop(Duration.ofSeconds(5))));
        System.out.println("picoev example listening on http://localhost:" + pv.port() + "/plaintext");
        pv.serve();
    }
}
