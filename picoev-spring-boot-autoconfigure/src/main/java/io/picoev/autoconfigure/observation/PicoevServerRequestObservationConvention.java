package io.picoev.autoconfigure.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.picoev.http.HttpStatusException;
import io.picoev.http.Request;
import io.picoev.http.Response;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code http.server.requests} with the low-cardinality keys Spring's server conventions use:
 * {@code method}, {@code uri} (the route pattern, else {@code NOT_FOUND} or {@code UNKNOWN}, never
 * the raw path), {@code status}, {@code outcome}, {@code exception}; the raw path only as the
 * high-cardinality {@code http.url}.
 *
 * <p>The low-cardinality set of a request without an exception is made once per uri, method and
 * status and then reused: they are bounded, and the loop asks for them twice per request.
 */
public class PicoevServerRequestObservationConvention implements ObservationConvention<PicoevServerContext> {

    /** The observation name Spring's servers use. */
    public static final String NAME = "http.server.requests";

    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"};
    private static final String[] CONTEXTUAL_NAMES = new String[METHODS.length + 1];
    private static final int STATUSES = 600;

    static {
        for (int i = 0; i < METHODS.length; i++) {
            CONTEXTUAL_NAMES[i] = "http " + METHODS[i].toLowerCase(Locale.ROOT);
        }
        CONTEXTUAL_NAMES[METHODS.length] = "http unknown";
    }

    /** Per uri: per method (and one for UNKNOWN), the key values by status (0 for none yet). */
    private final ConcurrentHashMap<String, AtomicReferenceArray<KeyValues>> cache = new ConcurrentHashMap<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(PicoevServerContext context) {
        return CONTEXTUAL_NAMES[method(context)];
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PicoevServerContext context) {
        int status = status(context);
        int method = method(context);
        String uri = uri(context, status);
        if (context.getError() != null || status < 0 || status >= STATUSES) {
            return keyValues(method, uri, status, context.getError());
        }
        AtomicReferenceArray<KeyValues> byStatus = cache.get(uri);
        if (byStatus == null) {
            byStatus = cache.computeIfAbsent(uri, u -> new AtomicReferenceArray<>((METHODS.length + 1) * STATUSES));
        }
        int slot = method * STATUSES + status;
        KeyValues kv = byStatus.get(slot);
        if (kv == null) {
            kv = keyValues(method, uri, status, null);
            byStatus.set(slot, kv);
        }
        return kv;
    }

    private static KeyValues keyValues(int method, String uri, int status, Throwable error) {
        return KeyValues.of(KeyValue.of("method", method == METHODS.length ? "UNKNOWN" : METHODS[method]),
            KeyValue.of("uri", uri), KeyValue.of("status", status == 0 ? "UNKNOWN" : Integer.toString(status)),
            KeyValue.of("outcome", outcome(status)),
            KeyValue.of("exception", exceptionName(error)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PicoevServerContext context) {
        Request req = context.getCarrier();
        return KeyValues.of("http.url", req == null ? "UNKNOWN" : req.path());
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof PicoevServerContext;
    }

    /** Index of the method in {@link #METHODS}, or its length for any other; allocation-free. */
    private static int method(PicoevServerContext context) {
        Request req = context.getCarrier();
        if (req != null) {
            for (int i = 0; i < METHODS.length; i++) {
                if (req.isMethod(METHODS[i])) {
                    return i;
                }
            }
        }
        return METHODS.length;
    }

    private static String uri(PicoevServerContext context, int status) {
        if (context.getRoute() != null) {
            return context.getRoute();
        }
        return status == 404 ? "NOT_FOUND" : "UNKNOWN";
    }

    /** The exception's simple name; none for an {@link HttpStatusException} 4xx, which is an answer, not a failure. */
    private static String exceptionName(Throwable e) {
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
