package io.picoev.sample;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.picoev.http.Routes;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Spring Boot application served by picoev: the starter, {@code picoev.port} in
 * {@code application.yml}, and one {@link Routes} bean.
 */
@SpringBootApplication
public class SampleApplication {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** The message {@code /json} serializes per request. */
    public record Message(String message) {
    }

    /** The application's routes. */
    @Bean
    Routes routes(JsonMapper json, PrometheusMeterRegistry prometheus) {
        return Routes.builder()
            .get("/plaintext", (req, res) -> res.httpOk().plain().body(HELLO))
            .get("/json", (req, res) -> res.httpOk().json().body(json.writeValueAsBytes(new Message("Hello, World!"))))
            .post("/echo", (req, res) -> {
                String type = req.header("Content-Type");
                res.send(200, type == null ? "application/octet-stream" : type, req.body());
            })
            .get("/metrics", (req, res) -> res.send(200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape()))
            .build();
    }

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
