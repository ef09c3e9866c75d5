package io.picoev.autoconfigure.actuate;

import io.picoev.http.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.Resource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes what an operation returned as Jersey's and MVC's endpoint adapters do: {@code null} is
 * 404 for a read and 204 otherwise; a {@link WebEndpointResponse} gives the status and maybe the
 * content type; bytes, text and {@link Resource}s go as they are; anything else as JSON, through
 * the {@link EndpointJsonMapper} for {@link OperationResponseBody} results (health, links) and
 * the application's mapper for the rest.
 */
final class EndpointResponseWriter {

    private final JsonMapper json;
    private final @Nullable EndpointJsonMapper endpointJson;

    EndpointResponseWriter(JsonMapper json, @Nullable EndpointJsonMapper endpointJson) {
        this.json = json;
        this.endpointJson = endpointJson;
    }

    /**
     * Answers {@code result} of a {@code method} operation producing {@code produces} to a
     * request that accepts {@code accept}.
     */
    void write(@Nullable Object result, String method, Collection<String> produces, @Nullable String accept,
            Response res) {
        if (result == null) {
            res.status(method.equals("GET") ? 404 : 204).end();
            return;
        }
        int status = 200;
        String type = null;
        Object body = result;
        if (result instanceof WebEndpointResponse<?> answer) {
            status = answer.getStatus();
            type = answer.getContentType() == null ? null : answer.getContentType().toString();
            body = answer.getBody();
        }
        if (body == null) {
            res.status(status).end();
            return;
        }
        if (type == null) {
            type = ContentNegotiation.choose(produces, accept);
            if (type == null) {
                res.send(406, "text/plain", "406 Not Acceptable: this endpoint produces " + produces + "\n");
                return;
            }
        }
        res.status(status).contentType(type).body(bytes(body));
    }

    private byte[] bytes(Object body) {
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof CharSequence s) {
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof Resource r) {
            try (var in = r.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + r, e);
            }
        }
        JsonMapper mapper = body instanceof OperationResponseBody && endpointJson != null ? endpointJson.get() : json;
        return mapper.writeValueAsBytes(body);
    }
}
