package io.picoev.peers.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Spring Boot 4 with WebFlux on Reactor Netty: {@code GET /plaintext} and {@code GET /json} as the
 * sample app answers them. One I/O thread: run with {@code -Dreactor.netty.ioWorkerCount=1}.
 */
@SpringBootApplication
@RestController
public class WebFluxPeer {

    /** The message {@code /json} serializes per request. */
    public record Message(String message) {
    }

    @GetMapping(path = "/plaintext", produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<String> plaintext() {
        return Mono.just("Hello, World!");
    }

    @GetMapping(path = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Message> json() {
        return Mono.just(new Message("Hello, World!"));
    }

    public static void main(String[] args) {
        SpringApplication.run(WebFluxPeer.class, args);
    }
}
