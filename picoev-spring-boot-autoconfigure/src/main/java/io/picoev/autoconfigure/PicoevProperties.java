package io.picoev.autoconfigure;

import io.picoev.Config;
import io.picoev.InvalidConfigException;
import io.picoev.http.CorsConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the picoev server, bound from {@code picoev.*}. Defaults are the V module's; a
 * bare number means seconds for {@code timeout} and bytes for sizes. Checked with the core's own
 * rules ({@link Config.Builder#build()}), so a wrong value fails startup naming its property.
 */
@ConfigurationProperties("picoev")
public class PicoevProperties implements Validator {

    /** Whether to start the picoev server. */
    private boolean enabled = true;

    /** TCP port to listen on; 0 picks a free one, published as local.picoev.port. */
    private int port = 8080;

    /** Address to bind; every interface when unset. */
    private @Nullable String host;

    /**
     * How long a connection may stay silent (no request bytes read, no answer bytes taken by
     * the client) before it is closed; 0 never. Closed after at least this long and at most
     * 100 ms later on a loop no handler holds up. Sub-second values such as 500ms work; the
     * smallest is 1ms.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration timeout = Duration.ofSeconds(8);

    /**
     * Maximum time from the first byte of a request head to its end; past it the connection is
     * closed however steadily bytes trickle in (slowloris). 0 for no limit but the timeout.
     * Defaults to the value of timeout.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private @Nullable Duration requestHeaderTimeout;

    /**
     * Minimum average rate, per second, of a request body arriving over several reads,
     * measured after a grace period of the timeout (of the request header timeout when the
     * timeout is 0; no minimum when both are 0); a slower body is cut off. 0 for no minimum.
     */
    private DataSize minRequestBodyRate = DataSize.ofBytes(240);

    /** Maximum number of headers in one request (more: 431). */
    private int maxHeaders = 100;

    /** Bytes read from a socket at a time, into the loop's shared buffer. */
    private DataSize maxRead = DataSize.ofBytes(4096);

    /** Size of each loop's output buffer; pipelined answers past it are written early. */
    private DataSize maxWrite = DataSize.ofBytes(8192);

    /** Number of event loops, each a thread; defaults to the number of available processors. */
    private @Nullable Integer loops;

    /** Maximum connections per loop; at the limit a loop stops accepting until one closes. */
    private int maxConnections = 16384;

    /** Maximum size of the request line and headers (over: 414 or 431). */
    private DataSize maxRequestHeaderSize = DataSize.ofBytes(8192);

    /** Maximum size of a request body (over: 413). */
    private DataSize maxRequestBodySize = DataSize.ofMegabytes(4);

    /** Listen backlog. */
    private int backlog = 4096;

    /** Value of the Server response header; empty for none. */
    private String serverHeader = "picoev";

    /**
     * Network transport: auto takes epoll on Linux with Java 22 or later and native access
     * enabled, else NIO; epoll fails startup where it cannot work.
     */
    private Transport transport = Transport.AUTO;

    /**
     * Where handlers run: on the event loop, on virtual threads, or auto (virtual threads when
     * spring.threads.virtual.enabled is true).
     */
    private Dispatch dispatch = Dispatch.AUTO;

    /** Maximum requests handled at once per loop when handlers run on virtual threads. */
    private int maxInFlight = 10_000;

    /** Shutdown: graceful lets requests in flight finish, immediate closes everything at once. */
    private Shutdown shutdown = Shutdown.GRACEFUL;

    /**
     * How long a handler may hold an event loop before a warning is logged with its route and
     * the loop's stack (at most one a minute per loop) and picoev.loop.blocked counts it; 0 turns
     * the detector off. A bare number means milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration blockedLoopThreshold = Duration.ofMillis(100);

    /** Request observations. */
    private final Observations observations = new Observations();

    /** Access log. */
    private final Accesslog accesslog = new Accesslog();

    /** Response compression. */
    private final Compression compression = new Compression();

    /** Error answers. */
    private final Error error = new Error();

    /** RFC 9457 problem details. */
    private final Problemdetails problemdetails = new Problemdetails();

    /** Cross-origin resource sharing. */
    private final Cors cors = new Cors();

    /** Error answers, shaped like Spring Boot's error response. */
    public static class Error {

        /** Whether error bodies include the exception's message (a handler's HttpStatusException reason is always included). */
        private boolean includeMessage;

        /** Whether error bodies include the stack trace; only for development. */
        private boolean includeStacktrace;

        public boolean isIncludeMessage() {
            return includeMessage;
        }

        public void setIncludeMessage(boolean includeMessage) {
            this.includeMessage = includeMessage;
        }

        public boolean isIncludeStacktrace() {
            return includeStacktrace;
        }

        public void setIncludeStacktrace(boolean includeStacktrace) {
            this.includeStacktrace = includeStacktrace;
        }
    }

    /** RFC 9457 problem details, as spring.mvc.problemdetails. */
    public static class Problemdetails {

        /** Whether error bodies are RFC 9457 application/problem+json instead of Boot's error shape. */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Cross-origin resource sharing, applied in front of every route when allowed-origins is set. */
    public static class Cors {

        /** Origins allowed to call, such as https://app.example.com, or "*" for any. Unset: no CORS handling. */
        private List<String> allowedOrigins = new ArrayList<>();

        /** Methods allowed in cross-origin requests, or "*". */
        private List<String> allowedMethods = new ArrayList<>(List.of("GET", "HEAD", "POST"));

        /** Request headers a preflight may ask for, or "*". */
        private List<String> allowedHeaders = new ArrayList<>(List.of("*"));

        /** Response headers the caller's script may read. */
        private List<String> exposedHeaders = new ArrayList<>();

        /** Whether credentials (cookies, authorization) may be sent; needs explicit allowed-origins. */
        private boolean allowCredentials;

        /** How long a browser may cache a preflight answer. A bare number means seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration maxAge = Duration.ofMinutes(30);

        /** The core's CORS rules these properties describe. */
        public CorsConfig toCorsConfig() {
            return new CorsConfig(allowedOrigins, allowedMethods, allowedHeaders, exposedHeaders, allowCredentials, maxAge);
        }

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public List<String> getAllowedMethods() {
            return allowedMethods;
        }

        public void setAllowedMethods(List<String> allowedMethods) {
            this.allowedMethods = allowedMethods;
        }

        public List<String> getAllowedHeaders() {
            return allowedHeaders;
        }

        public void setAllowedHeaders(List<String> allowedHeaders) {
            this.allowedHeaders = allowedHeaders;
        }

        public List<String> getExposedHeaders() {
            return exposedHeaders;
        }

        public void setExposedHeaders(List<String> exposedHeaders) {
            this.exposedHeaders = exposedHeaders;
        }

        public boolean isAllowCredentials() {
            return allowCredentials;
        }

        public void setAllowCredentials(boolean allowCredentials) {
            this.allowCredentials = allowCredentials;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }
    }

    public Error getError() {
        return error;
    }

    public Problemdetails getProblemdetails() {
        return problemdetails;
    }

    public Cors getCors() {
        return cors;
    }

    public Duration getBlockedLoopThreshold() {
        return blockedLoopThreshold;
    }

    public void setBlockedLoopThreshold(Duration blockedLoopThreshold) {
        this.blockedLoopThreshold = blockedLoopThreshold;
    }

    /** Request observations ({@code http.server.requests}). */
    public static class Observations {

        /**
         * Whether to observe each request as http.server.requests when an ObservationRegistry
         * with handlers is present (Actuator provides one).
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    public Observations getObservations() {
        return observations;
    }

    /** Access log, one line a request through the io.picoev.accesslog logger. */
    public static class Accesslog {

        /**
         * Whether to log each request (remote address, time, request line, status, bytes,
         * duration) at INFO through the io.picoev.accesslog logger, off the loop.
         */
        private boolean enabled;

        /** Lines waiting for the logger at most; past it lines are dropped and counted. */
        private int queueCapacity = 8192;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }
    }

    public Accesslog getAccesslog() {
        return accesslog;
    }

    /** Response compression, as server.compression. */
    public static class Compression {

        /** Whether to gzip responses for clients whose Accept-Encoding allows it. */
        private boolean enabled;

        /** Smallest body to compress. */
        private DataSize minResponseSize = DataSize.ofKilobytes(2);

        /** Media types to compress (parameters such as charset are ignored). */
        private List<String> mimeTypes = new ArrayList<>(List.of("text/html", "text/xml", "text/plain", "text/css",
            "text/javascript", "application/javascript", "application/json", "application/xml"));

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public DataSize getMinResponseSize() {
            return minResponseSize;
        }

        public void setMinResponseSize(DataSize minResponseSize) {
            this.minResponseSize = minResponseSize;
        }

        public List<String> getMimeTypes() {
            return mimeTypes;
        }

        public void setMimeTypes(List<String> mimeTypes) {
            this.mimeTypes = mimeTypes;
        }
    }

    public Compression getCompression() {
        return compression;
    }

    /** Network transports. */
    public enum Transport {
        /** The best available. */
        AUTO,
        /** Linux epoll through the FFM API (Java 22 or later, native access enabled). */
        EPOLL,
        /** Java NIO selectors: every platform. */
        NIO
    }

    /** Where handlers run. */
    public enum Dispatch {
        /** Virtual threads when spring.threads.virtual.enabled is true, else the loop. */
        AUTO,
        /** On the event loop thread: fastest, and handlers must never block. */
        LOOP,
        /** On a virtual thread per request; the answer goes back through the loop. */
        VIRTUAL
    }

    /** Shutdown modes, as Boot's server.shutdown. */
    public enum Shutdown {
        /** Stop accepting, finish requests in flight, close idle connections. */
        GRACEFUL,
        /** Close everything at once. */
        IMMEDIATE
    }

    /** The core config these properties describe, without handlers. */
    public Config.Builder toConfig() {
        Config.Builder b = Config.builder()
            .port(port)
            .host(host)
            .timeout(timeout)
            .requestHeaderTimeout(requestHeaderTimeout)
            .minRequestBodyRate(bytes(minRequestBodyRate))
            .maxHeaders(maxHeaders)
            .maxRead(bytes(maxRead))
            .maxWrite(bytes(maxWrite))
            .maxConnections(maxConnections)
            .maxRequestHeaderSize(bytes(maxRequestHeaderSize))
            .maxRequestBodySize(bytes(maxRequestBodySize))
            .backlog(backlog)
            .serverHeader(serverHeader)
            .maxInFlight(maxInFlight)
            .transport(io.picoev.Transport.valueOf(transport.name()))
            .blockedLoopThresholdMillis((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, blockedLoopThreshold.toMillis())));
        if (loops != null) {
            b.loops(loops);
        }
        if (compression.enabled && !compression.minResponseSize.isNegative()) {
            b.compression(new io.picoev.http.Compression(bytes(compression.minResponseSize), compression.mimeTypes));
        }
        return b;
    }

    private static int bytes(DataSize size) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, size.toBytes()));
    }

    @Override
    public boolean supports(Class<?> type) {
        return PicoevProperties.class.isAssignableFrom(type);
    }

    /** Runs the core's checks and reports a failure against the property it came from. */
    @Override
    public void validate(Object target, Errors errors) {
        try {
            ((PicoevProperties) target).toConfig().handler((req, res) -> { }).build();
        } catch (InvalidConfigException e) {
            String property = e.field().equals("blockedLoopThresholdMillis") ? "blockedLoopThreshold" : e.field();
            String message = e.getMessage().substring(("Config." + e.field() + " ").length());
            errors.rejectValue(property, "picoev.invalid", message);
        }
        if (((PicoevProperties) target).accesslog.queueCapacity < 1) {
            errors.rejectValue("accesslog.queueCapacity", "picoev.invalid", "must be at least 1");
        }
        if (((PicoevProperties) target).compression.minResponseSize.isNegative()) {
            errors.rejectValue("compression.minResponseSize", "picoev.invalid", "must not be negative");
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public @Nullable String getHost() {
        return host;
    }

    public void setHost(@Nullable String host) {
        this.host = host;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getMaxHeaders() {
        return maxHeaders;
    }

    public void setMaxHeaders(int maxHeaders) {
        this.maxHeaders = maxHeaders;
    }

    public @Nullable Duration getRequestHeaderTimeout() {
        return requestHeaderTimeout;
    }

    public void setRequestHeaderTimeout(@Nullable Duration requestHeaderTimeout) {
        this.requestHeaderTimeout = requestHeaderTimeout;
    }

    public DataSize getMinRequestBodyRate() {
        return minRequestBodyRate;
    }

    public void setMinRequestBodyRate(DataSize minRequestBodyRate) {
        this.minRequestBodyRate = minRequestBodyRate;
    }

    public DataSize getMaxRead() {
        return maxRead;
    }

    public void setMaxRead(DataSize maxRead) {
        this.maxRead = maxRead;
    }

    public DataSize getMaxWrite() {
        return maxWrite;
    }

    public void setMaxWrite(DataSize maxWrite) {
        this.maxWrite = maxWrite;
    }

    public @Nullable Integer getLoops() {
        return loops;
    }

    public void setLoops(@Nullable Integer loops) {
        this.loops = loops;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public DataSize getMaxRequestHeaderSize() {
        return maxRequestHeaderSize;
    }

    public void setMaxRequestHeaderSize(DataSize maxRequestHeaderSize) {
        this.maxRequestHeaderSize = maxRequestHeaderSize;
    }

    public DataSize getMaxRequestBodySize() {
        return maxRequestBodySize;
    }

    public void setMaxRequestBodySize(DataSize maxRequestBodySize) {
        this.maxRequestBodySize = maxRequestBodySize;
    }

    public int getBacklog() {
        return backlog;
    }

    public void setBacklog(int backlog) {
        this.backlog = backlog;
    }

    public String getServerHeader() {
        return serverHeader;
    }

    public void setServerHeader(String serverHeader) {
        this.serverHeader = serverHeader;
    }

    public Transport getTransport() {
        return transport;
    }

    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    public Dispatch getDispatch() {
        return dispatch;
    }

    public void setDispatch(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public void setShutdown(Shutdown shutdown) {
        this.shutdown = shutdown;
    }
}
