package io.picoev.sample;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sample app's users API (sample-app/.../UsersApi.java) as a Spring MVC @RestController, for
 * comparing sizes only: not compiled (the build has no spring-webmvc). On Tomcat every request
 * runs on a worker (or virtual) thread, so the report needs no "blocking" marker.
 */
@RestController
class UsersController {

    record User(long id, String name, String email) {
    }

    record NewUser(String name, String email) {
    }

    record Report(int users, long tookMillis) {
    }

    private final Map<Long, User> users = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final HealthEndpoint health;

    UsersController(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping("/users")
    List<User> list(@RequestParam(defaultValue = "100") int limit) {
        return users.values().stream().sorted(Comparator.comparingLong(User::id)).limit(limit).toList();
    }

    @PostMapping("/users")
    ResponseEntity<User> create(@RequestBody NewUser n) {
        if (n.name() == null || n.name().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name is required");
        }
        User u = new User(ids.incrementAndGet(), n.name(), n.email());
        users.put(u.id(), u);
        return ResponseEntity.created(java.net.URI.create("/users/" + u.id())).body(u);
    }

    @GetMapping("/users/{id}")
    User one(@PathVariable long id) {
        User u = users.get(id);
        if (u == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no user " + id);
        }
        return u;
    }

    @GetMapping("/users/fail")
    User fail() {
        throw new IllegalStateException("the users store is down (a demo failure)");
    }

    @GetMapping("/users/report")
    Report report(@RequestParam(defaultValue = "200") int ms) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(ms);
        return new Report(users.size(), (System.nanoTime() - start) / 1_000_000);
    }

    @GetMapping("/status")
    HealthDescriptor status() {
        return health.health();
    }
}
