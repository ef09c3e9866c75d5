package io.picoev.sample;

import static io.picoev.http.Routes.blocking;

import io.picoev.http.HttpStatusException;
import io.picoev.http.Routes;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A small users API on picoev: path variables, query parameters, JSON, Boot-shaped errors, one blocking route. */
@Configuration(proxyBeanMethods = false)
class UsersApi {

    record User(long id, String name, String email) {
    }

    record NewUser(String name, String email) {
    }

    record Report(int users, long tookMillis) {
    }

    private final Map<Long, User> users = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Bean
    Routes usersRoutes(HealthEndpoint health) {
        return Routes.builder()
            .get("/users", (req, res) -> res.json(users.values().stream()
                .sorted(Comparator.comparingLong(User::id)).limit(req.queryParamInt("limit", 100)).toList()))
            .post("/users", (req, res) -> {
                NewUser n = req.bodyAs(NewUser.class);
                if (n.name() == null || n.name().isBlank()) {
                    throw new HttpStatusException(400, "name is required");
                }
                User u = new User(ids.incrementAndGet(), n.name(), n.email());
                users.put(u.id(), u);
                res.status(201).header("Location", "/users/" + u.id()).json(u);
            })
            .get("/users/{id}", (req, res) -> {
                User u = users.get(req.pathVariableLong("id"));
                if (u == null) {
                    throw new HttpStatusException(404, "no user " + req.pathVariable("id"));
                }
                res.json(u);
            })
            .get("/users/fail", (req, res) -> {
                throw new IllegalStateException("the users store is down (a demo failure)");
            })
            .get("/users/report", blocking((req, res) -> { // a slow call: on a virtual thread, the loop stays free
                long start = System.nanoTime();
                Thread.sleep(req.queryParamInt("ms", 200));
                res.json(new Report(users.size(), (System.nanoTime() - start) / 1_000_000));
            }))
            .get("/status", (req, res) -> res.json(health.health()))
            .build();
    }
}
