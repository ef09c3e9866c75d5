package io.picoev.peers.tomcat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Spring Boot 4 on Tomcat with Spring MVC: {@code GET /plaintext} and {@code GET /json} as the sample app answers them. */
@SpringBootApplication
@RestController
public class TomcatPeer {

    /** The message {@code /json} serializes per request. */
    public record Message(String message) {
    }

    @GetMapping(path = "/plaintext", produces = MediaType.TEXT_PLAIN_VALUE)
    String plaintext() {
        return "Hello, World!";
    }

    @GetMapping(path = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
    Message json() {
        return new Message("Hello, World!");
    }

    public static void main(String[] args) {
        SpringApplication.run(TomcatPeer.class, args);
    }
}
