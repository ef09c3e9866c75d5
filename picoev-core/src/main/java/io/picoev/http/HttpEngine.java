package io.picoev.http;

import io.picoev.Callback;
import io.picoev.Config;
import io.picoev.loop.Loop;
import io.picoev.loop.LoopCounters;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP side of one loop: the settings, and the buffers, request and response every
 * connection of the loop shares, since only one of them runs at a time. This is why an idle
 * connection holds no buffer. Connections read its settings and use its buffers; what changes
 * over time (requests in flight) lives in {@link InFlight}. Loop-confined.
 *
 * <p>Not API, so package-private although {@code io.picoev.Picoev} makes one per loop: it finds
 * this constructor by name (same module), and then gets connections through {@link #get()}.
 */
final class HttpEngine implements Supplier<Callback> {

    final Loop loop;
    final LoopCounters stats;
    final RequestHandler handler;
    final ErrorHandler errorHandler;
    final Object userData;
    final long timeoutMillis;
    /** Most time from a request head's first byte to its last, in milliseconds. */
    final long headTimeoutMillis;
    /** Least average rate of a body arriving over several reads, in bytes per second; 0: none. */
    final int minBodyRate;
    /**
     * Time a body gets before {@link #minBodyRate} applies, in milliseconds: the timeout, or when
     * that is 0 (never) the request-head timeout; 0 when both are 0: no minimum rate then.
     */
    final long bodyGraceMillis;
    private final BooleanSupplier closing;
    final int maxHeaderSize;
    final int maxBodySize;
    final int maxWrite;
    private final String serverHeader;

    /** Requests with an executor: the server's, or the one the handler chose for them. */
    final InFlight inFlight;
    /** Where {@link Dispatch#BLOCKING} handlers run: the server's executor, or a virtual thread each. */
    final Executor executor;
    final Dispatch defaultDispatch;
    final JsonCodec json;
    /** Null when off. */
    final BlockedLoopDetector blockedLoop;

    /** Read buffer: room for a partial head kept from the last read plus one {@code maxRead}. */
    final byte[] in;
    final ByteBuffer inView;
    final Request request;
    final Response response;
    final Framing framing = new Framing();
    private final HttpDate date = new HttpDate();
    private ByteBuffer outView;

    /** The engine of {@code loop}, configured by {@code config}. */
    HttpEngine(Loop loop, Config config) {
        this.loop = loop;
        this.stats = loop.stats();
        this.handler = config.handler();
        this.errorHandler = config.errorHandler();
        this.userData = config.userData();
        this.timeoutMillis = config.timeoutMillis();
        this.headTimeoutMillis = config.requestHeaderTimeout().toMillis();
        this.minBodyRate = config.minRequestBodyRate();
        this.bodyGraceMillis = timeoutMillis != 0 ? timeoutMillis : headTimeoutMillis;
        this.maxHeaderSize = config.maxRequestHeaderSize();
        this.maxBodySize = config.maxRequestBodySize();
        this.maxWrite = config.maxWrite();
        this.serverHeader = config.serverHeader();
        this.inFlight = new InFlight(config.executor(), config.maxInFlight());
        this.executor = config.executor() != null ? config.executor() : Virtual.EXECUTOR;
        this.defaultDispatch = config.defaultDispatch();
        this.json = config.jsonCodec();
        this.blockedLoop = BlockedLoopDetector.watch(stats, config.blockedLoopThresholdMillis());
        this.in = new byte[config.maxRequestHeaderSize() + config.maxRead()];
        this.inView = ByteBuffer.wrap(in);
        this.request = new Request(config.maxHeaders());
        this.closing = loop::isDraining;
        this.response = new Response(config.maxWrite(), date, config.serverHeader()).closing(closing);
        this.response.json = json;
        this.response.compression = config.compression();
        this.outView = ByteBuffer.wrap(response.buf);
        date.update(System.currentTimeMillis());
        loop.everySecond(() -> date.update(System.currentTimeMillis()));
    }

    /** Milliseconds on a monotonic clock. */
    static long millis() {
        return System.nanoTime() / 1_000_000;
    }

    /** A callback for one new connection. */
    @Override
    public Callback get() {
        return new HttpConnection(this);
    }

    /** A response of its own for a handler running off the loop, with its own date. */
    Response detachedResponse() {
        HttpDate now = new HttpDate();
        now.update(System.currentTimeMillis());
        Response res = new Response(Math.min(maxWrite, 1024), now, serverHeader).closing(closing);
        res.json = json;
        res.compression = response.compression;
        return res;
    }

    /**
     * The executor the handler of {@code req} runs on, or {@code null} for this loop: the one
     * place that decides, from the handler's {@link RequestHandler#dispatch}, the server's
     * default, then the handler's own {@link RequestHandler#executorFor}. Allocation-free.
     */
    Executor executorFor(Request req) {
        try {
            Dispatch d = handler.dispatch(req);
            if (d == Dispatch.DEFAULT) {
                return defaultDispatch == Dispatch.BLOCKING ? executor : handler.executorFor(req);
            }
            return d == Dispatch.BLOCKING ? executor : null;
        } catch (RuntimeException e) {
            return null; // the handler call meets the same problem and answers it
        }
    }

    /** Runs blocking handlers when the config names no executor: a virtual thread each, made on first use. */
    private static final class Virtual {
        static final Executor EXECUTOR = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("picoev-blocking-", 0).factory());
    }

    /** A view of the response buffer, made again only when the buffer was replaced. */
    ByteBuffer outView() {
        if (outView.array() != response.buf) {
            outView = ByteBuffer.wrap(response.buf);
        }
        return outView;
    }
}
