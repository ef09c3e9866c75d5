package io.picoev.autoconfigure.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.picoev.http.HttpStatusException;
import io.picoev.http.Request;
import io.picoev.http.Response;
import java.util.Locale;
import java.util.Set;

/**
 * {@code http.server.requests} with the low-cardinality keys Spring's server conventions use:
 * {@code method}, {@code uri} (the route pattern, else {@code NOT_FOUND} or {@code UNKNOWN}, never
 * the raw path), {@code status}, {@code outcome}, {@code exception}; the raw path only as the
 * high-cardinality {@code http.url}.
 */
public class PicoevServerRequestObservationConvention implements ObservationConvention<PicoevServerContext> {

    /** The observation name Spring's servers use. */
    public static final String NAME = "http.server.requests";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(PicoevServerContext context) {
        return "http " + method(context).toLowerCase(Locale.ROOT);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PicoevServerContext context) {
        int status = status(context);
        return KeyValues.of(KeyValue.of("method", method(context)), KeyValue.of("uri", uri(context, status)),
            KeyValue.of("status", status == 0 ? "UNKNOWN" : Integer.toString(status)),
            KeyValue.of("outcome", outcome(status)),
            KeyValue.of("exception", exception(context)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PicoevServerContext context) {
        Request req = context.getCarrier();
        return KeyValues.of("http.url", req == null ? "UNKNOWN" : req.target());
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof PicoevServerContext;
    }

    private static String method(PicoevServerContext context) {
        Request req = context.getCarrier();
        if (req == null) {
            return "UNKNOWN";
        }
        String m = req.method();
        return METHODS.contains(m) ? m : "UNKNOWN";
    }

    private static String uri(PicoevServerContext context, int status) {
        if (context.getRoute() != null) {
            return context.getRoute();
        }
        return status == 404 ? "NOT_FOUND" : "UNKNOWN";
    }

    /** The exception's simple name; none for an {@link HttpStatusException} 4xx, which is an answer, not a failure. */
    private static String exception(PicoevServerContext context) {
        Throwable e = context.getError();
        return e == null || e instanceof HttpStatusException s && s.status() < 500 ? "none" : e.getClass().getSimpleName();
    }

    private static int status(PicoevServerContext context) {
        if (context.getError() instanceof HttpStatusException e) {
            return e.status();
        }
        if (context.getError() != null) {
            return 500;
        }
        Response res = context.getResponse();
        return res == null ? 0 : res.status();
    }

    private static String outcome(int status) {
        if (status >= 100 && status < 200) {
            return "INFORMATIONAL";
        }
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        return status >= 500 && status < 600 ? "SERVER_ERROR" : "UNKNOWN";
    }
}
