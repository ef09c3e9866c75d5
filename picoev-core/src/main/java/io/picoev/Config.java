package io.picoev;

import io.picoev.http.Dispatch;
import io.picoev.http.ErrorHandler;
import io.picoev.http.Compression;
import io.picoev.http.JsonCodec;
import io.picoev.http.RequestHandler;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What a {@link Picoev} server is made of (the seed's {@code Config}), with the seed's
 * defaults and the few settings Java needs on top. Immutable; build with {@link #builder()}.
 *
 * <p>{@link Builder#build()} rejects a wrong value with an {@link InvalidConfigException}
 * that names the field, the value and what is allowed.
 */
public final class Config {

    /** Default per-loop connection limit: 16,384, so one loop holds 10,000 idle connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 16_384;

    private final int port;
    private final String host;
    private final RequestHandler handler;
    private final ErrorHandler errorHandler;
    private final RawHandler rawHandler;
    private final Object userData;
    private final long timeoutMillis;
    /** As set: null follows {@link #timeout()}. */
    private final Duration requestHeaderTimeout;
    private final int minRequestBodyRate;
    private final int maxHeaders;
    private final int maxRead;
    private final int maxWrite;
    private final int loops;
    private final int maxConnections;
    private final int maxRequestHeaderSize;
    private final int maxRequestBodySize;
    private final int backlog;
    private final boolean tcpNoDelay;
    private final boolean reuseAddress;
    private final boolean reusePort;
    private final String serverHeader;
    private final Executor executor;
    private final int maxInFlight;
    private final Dispatch defaultDispatch;
    private final JsonCodec jsonCodec;
    private final Compression compression;
    private final int blockedLoopThresholdMillis;
    private final Transport transport;

    private Config(Builder b) {
        this.port = b.port;
        this.host = b.host;
        this.handler = b.handler;
        this.errorHandler = b.errorHandler;
        this.rawHandler = b.rawHandler;
        this.userData = b.userData;
        this.timeoutMillis = b.timeout.toMillis();
        this.requestHeaderTimeout = b.requestHeaderTimeout;
        this.minRequestBodyRate = b.minRequestBodyRate;
        this.maxHeaders = b.maxHeaders;
        this.maxRead = b.maxRead;
        this.maxWrite = b.maxWrite;
        this.loops = b.loops;
        this.maxConnections = b.maxConnections;
        this.maxRequestHeaderSize = b.maxRequestHeaderSize;
        this.maxRequestBodySize = b.maxRequestBodySize;
        this.backlog = b.backlog;
        this.tcpNoDelay = b.tcpNoDelay;
        this.reuseAddress = b.reuseAddress;
        this.reusePort = b.reusePort;
        this.serverHeader = b.serverHeader;
        this.executor = b.executor;
        this.maxInFlight = b.maxInFlight;
        this.defaultDispatch = b.defaultDispatch; // null: derived from the executor, also after toBuilder()
        this.jsonCodec = b.jsonCodec;
        this.compression = b.compression;
        this.blockedLoopThresholdMillis = b.blockedLoopThresholdMillis;
        this.transport = b.transport;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, for adjusting a copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.host = host;
        b.handler = handler;
        b.errorHandler = errorHandler;
        b.rawHandler = rawHandler;
        b.userData = userData;
        b.timeout = Duration.ofMillis(timeoutMillis);
        b.requestHeaderTimeout = requestHeaderTimeout;
        b.minRequestBodyRate = minRequestBodyRate;
        b.maxHeaders = maxHeaders;
        b.maxRead = maxRead;
        b.maxWrite = maxWrite;
        b.loops = loops;
        b.maxConnections = maxConnections;
        b.maxRequestHeaderSize = maxRequestHeaderSize;
        b.maxRequestBodySize = maxRequestBodySize;
        b.backlog = backlog;
        b.tcpNoDelay = tcpNoDelay;
        b.reuseAddress = reuseAddress;
        b.reusePort = reusePort;
        b.serverHeader = serverHeader;
        b.executor = executor;
        b.maxInFlight = maxInFlight;
        b.defaultDispatch = defaultDispatch;
        b.jsonCodec = jsonCodec;
        b.compression = compression;
        b.blockedLoopThresholdMillis = blockedLoopThresholdMillis;
        b.transport = transport;
        return b;
    }

    /** TCP port to listen on; 0 picks a free one ({@link Picoev#port()} tells which). Default 8080. */
    public int port() {
        return port;
    }

    /** Address to bind, or {@code null} for every interface (IPv6 dual-stack where available). */
    public String host() {
        return host;
    }

    /** The request callback (seed {@code cb}); {@code null} in raw mode. */
    public RequestHandler handler() {
        return handler;
    }

    /** The error callback (seed {@code err_cb}). Default: {@link ErrorHandler#DEFAULT}. */
    public ErrorHandler errorHandler() {
        return errorHandler;
    }

    /** The raw callback (seed {@code raw_cb}); when set, no HTTP is parsed. */
    public RawHandler rawHandler() {
        return rawHandler;
    }

    /** Application state handed to handlers (seed {@code user_data}). */
    public Object userData() {
        return userData;
    }

    /**
     * How long a connection may stay silent before it times out; zero: never. Default 8 s.
     * Silence is measured from the connection's last activity: a read, or output the socket
     * took. A connection is closed after at least this long, and at most one loop tick
     * (100 ms) later while its loop is not held up by a handler. Sub-second values work; the
     * smallest is 1 ms.
     */
    public Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }

    /**
     * Most time from the first byte of a request head to its end (nginx's
     * {@code client_header_timeout}); past it the connection is closed, however steadily bytes
     * trickle in (slowloris). Zero: no limit but {@link #timeout()}. Default: the same as
     * {@link #timeout()}.
     */
    public Duration requestHeaderTimeout() {
        return requestHeaderTimeout == null ? timeout() : requestHeaderTimeout;
    }

    /**
     * Least average rate, in bytes per second, of a request body that arrives over several
     * reads, measured from the end of its head after a grace period of {@link #timeout()}:
     * a body slower than that is cut off and the connection closed. When the timeout is 0
     * (never), the grace period is {@link #requestHeaderTimeout()}, and when that is 0 too no
     * minimum applies. 0: no minimum. Default 240
     * (Kestrel's {@code MinRequestBodyDataRate}).
     */
    public int minRequestBodyRate() {
        return minRequestBodyRate;
    }

    /** {@link #timeout()} in milliseconds; 0: never. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** {@link #timeout()} in whole seconds, rounded up (the seed's {@code timeout_secs}); 0: never. */
    public int timeoutSecs() {
        return (int) ((timeoutMillis + 999) / 1000);
    }

    /** Most headers one request may have (more: 431). Default 100. */
    public int maxHeaders() {
        return maxHeaders;
    }

    /** Bytes read from a socket at a time, into the loop's shared buffer. Default 4096. */
    public int maxRead() {
        return maxRead;
    }

    /**
     * Size of the loop's output buffer: responses collected past this are written before the
     * next request of a pipeline is answered. Default 8192.
     */
    public int maxWrite() {
        return maxWrite;
    }

    /** Number of loops, each a thread with its own selector. Default: available processors. */
    public int loops() {
        return loops;
    }

    /**
     * Connections one loop holds at most (seed {@code max_fds}); at the limit the loop stops
     * accepting until one closes. Default {@value #DEFAULT_MAX_CONNECTIONS}.
     */
    public int maxConnections() {
        return maxConnections;
    }

    /** Most bytes of request line plus headers (over: 414 or 431). Default 8192. */
    public int maxRequestHeaderSize() {
        return maxRequestHeaderSize;
    }

    /** Most bytes of a request body, decoded (over: 413). Default 4 MiB. */
    public int maxRequestBodySize() {
        return maxRequestBodySize;
    }

    /** Listen backlog (seed {@code max_queue}). Default 4096. */
    public int backlog() {
        return backlog;
    }

    /** Whether accepted sockets set {@code TCP_NODELAY}. Default true. */
    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    /** Whether the listener sets {@code SO_REUSEADDR}. Default true. */
    public boolean reuseAddress() {
        return reuseAddress;
    }

    /**
     * Whether the listener sets {@code SO_REUSEPORT} where the OS has it. Default false: all
     * loops already share one listener, and with it on a second server could bind the same
     * port without an error.
     */
    public boolean reusePort() {
        return reusePort;
    }

    /** Value of the {@code Server} header; empty for none. Default {@code picoev}. */
    public String serverHeader() {
        return serverHeader;
    }

    /**
     * Where handlers run: {@code null} (the default) runs them on the loop thread, which is the
     * fastest while they never block; an executor such as
     * {@code Executors.newVirtualThreadPerTaskExecutor()} runs each request there, on a copy of
     * the request, and the answer goes back through the loop, in order. The handler and error
     * handler must then be thread-safe.
     */
    public Executor executor() {
        return executor;
    }

    /**
     * With an {@link #executor()}: most requests handed to it at once per loop; past that the
     * loop stops reading the connections that have more, until answers come back. Default 10,000.
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * Where a handler runs when its {@link RequestHandler#dispatch} says {@link Dispatch#DEFAULT}:
     * {@link Dispatch#LOOP}, or {@link Dispatch#BLOCKING} on the {@link #executor()}. Default:
     * BLOCKING when an executor is set, else LOOP. Handlers that say BLOCKING without an executor
     * set run on a virtual thread each.
     */
    public Dispatch defaultDispatch() {
        return defaultDispatch != null ? defaultDispatch : executor != null ? Dispatch.BLOCKING : Dispatch.LOOP;
    }

    /** Reads and writes JSON for {@code Request.bodyAs} and {@code Response.json}; {@code null} for none. */
    public JsonCodec jsonCodec() {
        return jsonCodec;
    }

    /** Gzip for the responses it names; {@code null} (the default) compresses nothing. */
    public Compression compression() {
        return compression;
    }

    /**
     * How long a handler may hold a loop thread before the blocked-loop detector logs a warning
     * with the route and the loop's stack (at most one a minute a loop) and counts it in
     * {@code LoopStats.blockedLoops()}; 0 turns the detector off. Default 100 ms.
     */
    public int blockedLoopThresholdMillis() {
        return blockedLoopThresholdMillis;
    }

    /**
     * Network transport: {@link Transport#AUTO} (the default) takes epoll where it works and NIO
     * elsewhere; {@link Transport#EPOLL} fails {@link Picoev#create} where epoll cannot work,
     * with an {@link InvalidConfigException} naming {@code transport} and why.
     */
    public Transport transport() {
        return transport;
    }

    /** Collects a {@link Config}; every setter has the seed's default until called. */
    public static final class Builder {
        private int port = 8080;
        private String host;
        private RequestHandler handler;
        private ErrorHandler errorHandler = ErrorHandler.DEFAULT;
        private RawHandler rawHandler;
        private Object userData;
        private Duration timeout = Duration.ofSeconds(8);
        private Duration requestHeaderTimeout;
        private int minRequestBodyRate = 240;
        private int maxHeaders = 100;
        private int maxRead = 4096;
        private int maxWrite = 8192;
        private int loops = Runtime.getRuntime().availableProcessors();
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxRequestHeaderSize = 8192;
        private int maxRequestBodySize = 4 * 1024 * 1024;
        private int backlog = Events.MAX_QUEUE;
        private boolean tcpNoDelay = true;
        private boolean reuseAddress = true;
        private boolean reusePort;
        private String serverHeader = "picoev";
        private Executor executor;
        private int maxInFlight = 10_000;
        private Dispatch defaultDispatch;
        private JsonCodec jsonCodec;
        private Compression compression;
        private int blockedLoopThresholdMillis = 100;

        /** See {@link Config#defaultDispatch()}; {@link Dispatch#DEFAULT} or {@code null} derives it from the executor. */
        public Builder defaultDispatch(Dispatch dispatch) {
            this.defaultDispatch = dispatch == Dispatch.DEFAULT ? null : dispatch;
            return this;
        }

        /** See {@link Config#jsonCodec()}. */
        public Builder jsonCodec(JsonCodec codec) {
            this.jsonCodec = codec;
            return this;
        }

        /** See {@link Config#compression()}. */
        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        /** See {@link Config#blockedLoopThresholdMillis()}. */
        public Builder blockedLoopThresholdMillis(int millis) {
            this.blockedLoopThresholdMillis = millis;
            return this;
        }
        private Transport transport = Transport.AUTO;

        private Builder() {
        }

        /** See {@link Config#executor()}. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** See {@link Config#maxInFlight()}. */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** See {@link Config#transport()}. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** See {@link Config#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** See {@link Config#host()}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** See {@link Config#handler()}. */
        public Builder handler(RequestHandler handler) {
            this.handler = handler;
            return this;
        }

        /** See {@link Config#errorHandler()}. */
        public Builder errorHandler(ErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /** See {@link Config#rawHandler()}. */
        public Builder rawHandler(RawHandler rawHandler) {
            this.rawHandler = rawHandler;
            return this;
        }

        /** See {@link Config#userData()}. */
        public Builder userData(Object userData) {
            this.userData = userData;
            return this;
        }

        /** See {@link Config#timeout()}. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** See {@link Config#requestHeaderTimeout()}; {@code null}: the same as {@link Config#timeout()}. */
        public Builder requestHeaderTimeout(Duration requestHeaderTimeout) {
            this.requestHeaderTimeout = requestHeaderTimeout;
            return this;
        }

        /** See {@link Config#minRequestBodyRate()}. */
        public Builder minRequestBodyRate(int bytesPerSecond) {
            this.minRequestBodyRate = bytesPerSecond;
            return this;
        }

        /** See {@link Config#timeout()}: the seed's {@code timeout_secs}, in whole seconds. */
        public Builder timeoutSecs(int timeoutSecs) {
            this.timeout = Duration.ofSeconds(timeoutSecs);
            return this;
        }

        /** See {@link Config#maxHeaders()}. */
        public Builder maxHeaders(int maxHeaders) {
            this.maxHeaders = maxHeaders;
            return this;
        }

        /** See {@link Config#maxRead()}. */
        public Builder maxRead(int maxRead) {
            this.maxRead = maxRead;
            return this;
        }

        /** See {@link Config#maxWrite()}. */
        public Builder maxWrite(int maxWrite) {
            this.maxWrite = maxWrite;
            return this;
        }

        /** See {@link Config#loops()}. */
        public Builder loops(int loops) {
            this.loops = loops;
            return this;
        }

        /** See {@link Config#maxConnections()}. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** See {@link Config#maxRequestHeaderSize()}. */
        public Builder maxRequestHeaderSize(int bytes) {
            this.maxRequestHeaderSize = bytes;
            return this;
        }

        /** See {@link Config#maxRequestBodySize()}. */
        public Builder maxRequestBodySize(int bytes) {
            this.maxRequestBodySize = bytes;
            return this;
        }

        /** See {@link Config#backlog()}. */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** See {@link Config#tcpNoDelay()}. */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /** See {@link Config#reuseAddress()}. */
        public Builder reuseAddress(boolean reuseAddress) {
            this.reuseAddress = reuseAddress;
            return this;
        }

        /** See {@link Config#reusePort()}. */
        public Builder reusePort(boolean reusePort) {
            this.reusePort = reusePort;
            return this;
        }

        /** See {@link Config#serverHeader()}. */
        public Builder serverHeader(String serverHeader) {
            this.serverHeader = serverHeader;
            return this;
        }

        /** Checks every field and builds the config. */
        public Config build() {
            range("port", port, 0, 65_535);
            if (timeout == null || timeout.isNegative() || timeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidConfigException("timeout", "must be between 0 (never) and 1 day but was " + timeout);
            }
            if (!timeout.isZero() && timeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidConfigException("timeout", "must be 0 (never) or at least 1ms but was " + timeout);
            }
            Duration head = requestHeaderTimeout == null ? timeout : requestHeaderTimeout;
            if (head.isNegative() || head.compareTo(Duration.ofDays(1)) > 0
                    || !head.isZero() && head.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidConfigException("requestHeaderTimeout",
                    "must be 0 (no limit) or between 1ms and 1 day but was " + head);
            }
            range("minRequestBodyRate", minRequestBodyRate, 0, Integer.MAX_VALUE);
            range("maxHeaders", maxHeaders, 1, 10_000);
            range("maxRead", maxRead, 256, 16 * 1024 * 1024);
            range("maxWrite", maxWrite, 256, 64 * 1024 * 1024);
            range("loops", loops, 1, 1024);
            range("maxConnections", maxConnections, 1, 1 << 24);
            range("maxRequestHeaderSize", maxRequestHeaderSize, 256, 1024 * 1024);
            range("maxRequestBodySize", maxRequestBodySize, 0, Integer.MAX_VALUE - 64);
            range("backlog", backlog, 1, 1 << 20);
            range("maxInFlight", maxInFlight, 1, 1 << 24);
            range("blockedLoopThresholdMillis", blockedLoopThresholdMillis, 0, 3_600_000);
            if (handler == null && rawHandler == null) {
                throw new InvalidConfigException("handler", "is null: set a request handler, or a rawHandler for raw mode");
            }
            if (handler != null && rawHandler != null) {
                throw new InvalidConfigException("rawHandler", "and Config.handler are both set: raw mode parses no HTTP, choose one");
            }
            if (transport == null) {
                throw new InvalidConfigException("transport", "is null: leave it unset for AUTO");
            }
            if (errorHandler == null) {
                throw new InvalidConfigException("errorHandler", "is null: leave it unset for ErrorHandler.DEFAULT");
            }
            if (serverHeader == null) {
                serverHeader = "";
            }
            for (int i = 0; i < serverHeader.length(); i++) {
                char c = serverHeader.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new InvalidConfigException("serverHeader", "has a control or non-ASCII character at " + i);
                }
            }
            return new Config(this);
        }

        private static void range(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new InvalidConfigException(field, "must be between " + min + " and " + max + " but was " + value);
            }
        }
    }
}
