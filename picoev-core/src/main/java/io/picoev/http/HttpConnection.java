package io.picoev.http;

import io.picoev.Callback;
import io.picoev.Events;
import io.picoev.Target;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * One HTTP/1.1 connection: read, parse every complete request, call the handler, write all the
 * answers with one write. Holds nothing while idle; keeps bytes only for as long as they are
 * in flight: a partial head, a body still arriving ({@link BodyReader}), output the socket has
 * not taken yet ({@link PendingOutput}). While output is pending the connection stops reading,
 * so a client that never reads cannot make it grow. Loop-confined.
 *
 * <p>A connection is in one {@link State}; output pending and "close once written" are the
 * two conditions that hold reading back in any state.
 */
final class HttpConnection implements Callback {

    private static final System.Logger LOG = System.getLogger("io.picoev.http");

    /** After refusing a request: bytes the client may still send that we read and drop before closing. */
    private static final int LINGER_BYTES = 1024 * 1024;
    /** ... and for how long at most. */
    private static final int LINGER_SECONDS = 2;
    /** Most bytes one write call hands the JDK, which copies heap bytes into a cached direct buffer that size. */
    private static final int MAX_WRITE_CHUNK = 256 * 1024;

    /** Where a connection is in its request/answer cycle. */
    enum State {
        /** Waiting for a request head, or the rest of one; idle connections are here. */
        HEAD,
        /** A request's body is arriving. */
        BODY,
        /** A request is with the executor; nothing more is read or parsed until it is answered. */
        IN_FLIGHT,
        /** The executor is full: waiting, reading nothing, for room in flight. */
        PARKED,
        /** A refusal was sent and our side half-closed: dropping what the client still sends, then closing (RFC 9112 §9.6). */
        LINGERING
    }

    private final HttpEngine engine;
    private State state = State.HEAD;
    private int lastLen;
    /** Unparsed bytes kept between events: a partial head, or the rest of a pipeline paused for output. */
    private byte[] leftover;
    private boolean keepAlive;
    private BodyReader body;
    private PendingOutput pending;
    /** The last answer is written (or being written): close once it is out. */
    private boolean closeAfterFlush;
    /** The last answer is a refusal: linger rather than close at once, so the client's bytes cannot reset it away. */
    private boolean refused;
    /** While parked: the target to go on with. */
    private Target parkedOn;
    /** Bytes dropped while lingering. */
    private int lingered;
    /** When the partial head kept now began arriving ({@link HttpEngine#millis()}); 0 when none is kept. */
    private long headSince;
    /** When the body arriving now began (end of its head), and how many bytes came since. */
    private long bodySince;
    private long bodyBytes;

    HttpConnection(HttpEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onEvent(Target t, int events) {
        try {
            if ((events & Events.TIMEOUT) != 0) {
                if (!tookOutputSinceLastWrite(t)) {
                    engine.stats.timeout();
                    t.close();
                }
                return;
            }
            if (state == State.LINGERING) {
                linger(t);
                return;
            }
            if ((events & Events.WRITE) != 0 && pending != null && !resumeAfterWrite(t)) {
                return;
            }
            if ((events & Events.READ) != 0 && reading() && t.isOpen()) {
                read(t);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "connection failed: {0}", e.getMessage());
            t.close();
        } finally {
            if (engine.response.size() > 0) {
                engine.response.reset(); // never leak one connection's bytes into another's write
            }
        }
    }

    @Override
    public boolean busy(Target t) {
        return state == State.BODY || state == State.IN_FLIGHT || state == State.PARKED || leftover != null
            || pending != null;
    }

    /** Whether the connection takes and parses input now: reading a request, nothing to write first, not closing. */
    private boolean reading() {
        return (state == State.HEAD || state == State.BODY) && pending == null && !closeAfterFlush;
    }

    private void read(Target t) throws IOException {
        byte[] in = engine.in;
        int kept = 0;
        if (leftover != null) {
            kept = leftover.length;
            System.arraycopy(leftover, 0, in, 0, kept);
        }
        ByteBuffer v = engine.inView;
        v.limit(in.length).position(kept);
        int n = t.read(v);
        if (n < 0) {
            t.close();
            return;
        }
        if (n == 0) {
            return;
        }
        leftover = null;
        engine.stats.read(n);
        t.setTimeoutMillis(engine.timeoutMillis);
        process(t, in, 0, kept + n);
        flush(t);
        if (state == State.BODY || leftover != null) {
            limitSlowInput(t, n);
        }
    }

    /**
     * Cuts the deadline short for a client that sends a head or a body too slowly to be served,
     * however steadily its bytes trickle in: a head must be complete within
     * {@code requestHeaderTimeout} of its first byte; a body must average {@code minRequestBodyRate}
     * bytes per second after a grace period of {@code timeout} (of {@code requestHeaderTimeout} when
     * the timeout is 0, never; no minimum when both are 0, since a grace of 0 would cut any pause).
     */
    private void limitSlowInput(Target t, int n) {
        if (!reading()) {
            return; // output first: its own deadline applies
        }
        long now = HttpEngine.millis();
        long deadline;
        if (state == State.BODY) {
            if (engine.minBodyRate == 0 || engine.bodyGraceMillis == 0) {
                return;
            }
            if (bodySince == 0) {
                bodySince = now;
                bodyBytes = 0;
            }
            bodyBytes += n;
            deadline = bodySince + engine.bodyGraceMillis + bodyBytes * 1000 / engine.minBodyRate;
        } else {
            if (engine.headTimeoutMillis == 0) {
                return;
            }
            if (headSince == 0) {
                headSince = now; // the head's first bytes came with this read
            }
            deadline = headSince + engine.headTimeoutMillis;
        }
        long left = Math.max(1, deadline - now);
        if (engine.timeoutMillis == 0 || left < engine.timeoutMillis) {
            t.setTimeoutMillis(left);
        }
    }

    /**
     * At a deadline with output pending: whether the client has read since our last write. A
     * socket buffer as large as the kernel's may take minutes to drain below the mark where it
     * reports writable, so a client reading slowly shows no events; a write that goes through
     * shows it is not silent (and re-arms the deadline).
     */
    private boolean tookOutputSinceLastWrite(Target t) throws IOException {
        if (pending == null || state == State.LINGERING) {
            return false;
        }
        int before = pending.pos;
        PendingOutput was = pending;
        resumeAfterWrite(t);
        return pending != was || was.pos > before;
    }

    /** Sends pending output; once it is all gone, answers what the pipeline still holds. */
    private boolean resumeAfterWrite(Target t) throws IOException {
        PendingOutput p = pending;
        p.pos += write(t, p.view(), p.pos, p.end);
        if (!p.done()) {
            return false;
        }
        pending = null;
        if (closeAfterFlush) {
            close(t);
            return false;
        }
        goOn(t);
        return true;
    }

    /** Closes after the last answer: at once, or after a refusal by half-closing and dropping what still comes. */
    private void close(Target t) {
        if (!refused) {
            t.close();
            return;
        }
        try {
            t.shutdownOutput();
        } catch (IOException e) {
            t.close();
            return;
        }
        state = State.LINGERING;
        lingered = 0;
        t.setTimeout(LINGER_SECONDS);
        t.setEvents(Events.READ);
    }

    /** Reads and drops what a refused client still sends, until it closes or sent too much. */
    private void linger(Target t) {
        ByteBuffer v = engine.inView;
        try {
            while (true) {
                v.clear();
                int n = t.read(v);
                if (n < 0 || lingered + n > LINGER_BYTES) {
                    break;
                }
                if (n == 0) {
                    return;
                }
                lingered += n;
            }
        } catch (IOException e) {
            // closing anyway
        }
        t.close();
    }

    /** Answers every complete request in {@code buf[pos, end)}; keeps what is not complete. */
    private void process(Target t, byte[] buf, int pos, int end) {
        Request req = engine.request;
        while (pos < end && reading()) {
            if (state == State.HEAD) {
                if (!engine.inFlight.hasRoom()) {
                    state = State.PARKED; // no room in flight: wait, reading nothing, until an answer comes back
                    parkedOn = t;
                    engine.inFlight.park(this);
                    t.setEvents(0);
                    break;
                }
                int r = HttpParser.parseRequest(buf, pos, end - pos, req, lastLen);
                if (r == HttpParser.INCOMPLETE) {
                    if (end - pos >= engine.maxHeaderSize) {
                        refuseLargeHead(t, buf, pos, end);
                    } else {
                        lastLen = end - pos;
                        leftover = Arrays.copyOfRange(buf, pos, end);
                    }
                    return;
                }
                lastLen = 0;
                if (r == HttpParser.ERROR) {
                    int status = req.errorStatus == 0 ? 400 : req.errorStatus;
                    refuse(t, status, status == 431 ? "more than " + req.maxHeaders() + " headers"
                        : status == 505 ? "HTTP major version is not 1" : "malformed request head");
                    return;
                }
                if (r > engine.maxHeaderSize) {
                    refuseLargeHead(t, buf, pos, pos + r);
                    return;
                }
                pos = startBody(t, buf, pos, r, end);
            } else {
                int r = body.feed(buf, pos, end);
                if (r == HttpParser.ERROR) {
                    refuse(t, body.tooLarge() ? 413 : 400, body.tooLarge()
                        ? "chunked body over " + engine.maxBodySize + " bytes" : "malformed chunked body");
                    return;
                }
                pos += r;
                if (body.done()) {
                    BodyReader complete = body;
                    body = null;
                    state = State.HEAD;
                    complete.complete(req);
                    dispatch(t);
                }
            }
        }
        if (state == State.BODY) {
            body.keepHead(); // the read buffer is about to be reused
        }
        if (pos < end && state != State.BODY && !closeAfterFlush) {
            leftover = Arrays.copyOfRange(buf, pos, end);
        }
    }

    /** After a head of {@code headLength} bytes at {@code pos}: answers it or starts its body; returns the new position. */
    private int startBody(Target t, byte[] buf, int pos, int headLength, int end) {
        Framing f = engine.framing;
        int status = f.read(engine.request);
        if (status != 0) {
            refuse(t, status, f.problem);
            return end;
        }
        keepAlive = f.keepAlive;
        headSince = 0;
        bodySince = 0;
        // 1xx never goes to an HTTP/1.0 client (RFC 9110 §15.2); it just sends the body
        boolean sendContinue = f.expectContinue && engine.request.minorVersion >= 1;
        int p = pos + headLength;
        if (f.chunked) {
            body = BodyReader.chunked(engine.maxBodySize).head(buf, pos, headLength);
            state = State.BODY;
            if (sendContinue && p == end) {
                engine.response.writeContinue();
            }
            return p;
        }
        if (f.contentLength > engine.maxBodySize) {
            refuse(t, 413, "Content-Length " + f.contentLength + " over " + engine.maxBodySize + " bytes");
            return end;
        }
        int length = (int) Math.max(0, f.contentLength);
        if (end - p >= length) {
            BodyReader.setBody(engine.request, buf, p, length);
            dispatch(t);
            return p + length;
        }
        body = BodyReader.ofLength(length, end - p).head(buf, pos, headLength);
        state = State.BODY;
        if (sendContinue && p == end) {
            engine.response.writeContinue();
        }
        return p;
    }

    /**
     * Calls the handler for the request in {@code engine.request}: on the loop, or on the
     * executor that {@link HttpEngine#executorFor} names for it.
     */
    private void dispatch(Target t) {
        Request req = engine.request;
        Response res = engine.response;
        boolean ka = keepAlive && !engine.loop.isDraining();
        req.keepAlive = ka;
        req.userData = engine.userData;
        req.json = engine.json;
        req.connection = t;
        engine.stats.request();
        Executor executor = engine.executorFor(req);
        if (executor != null) {
            dispatchToExecutor(t, req.copy(), executor);
            return;
        }
        res.begin(req.isMethod("HEAD"), ka, req.minorVersion == 0);
        if (res.compression != null) {
            res.acceptsGzip = Compression.acceptsGzip(req.header("Accept-Encoding"));
        }
        BlockedLoopDetector watch = engine.blockedLoop;
        if (watch != null) {
            watch.enter(req.route);
        }
        boolean ok = call(engine, req, res);
        if (watch != null) {
            watch.exit();
        }
        if (!ok) {
            engine.stats.handlerError();
        }
        if (!res.keepAlive()) {
            closeAfterFlush = true;
        }
        if (res.size() >= engine.maxWrite) {
            flush(t); // the pipeline goes on once this much is on its way
        }
    }

    /** Runs the handler; answers an exception or a missing response; false if the handler failed (a 4xx it chose is no failure). */
    private static boolean call(HttpEngine engine, Request req, Response res) {
        res.connect = req.isMethod("CONNECT");
        try {
            engine.handler.handle(req, res);
            if (res.finish()) {
                return true;
            }
            answerError(engine, req, res, new IllegalStateException("handler returned without writing a response to " + req));
        } catch (Throwable e) {
            res.discard();
            answerError(engine, req, res, e);
            return e instanceof HttpStatusException s && s.status() < 500;
        }
        return false;
    }

    /**
     * Hands {@code req} (a copy that owns its bytes) to {@code executor}. This connection reads
     * and parses nothing more until the answer is back, so pipelined answers stay in order.
     */
    private void dispatchToExecutor(Target t, Request req, Executor executor) {
        state = State.IN_FLIGHT;
        engine.inFlight.started();
        t.setEvents(0);
        t.setTimeout(0); // the handler's time is not the client's silence
        boolean head = req.isMethod("HEAD");
        try {
            executor.execute(() -> {
                Response res = engine.detachedResponse();
                res.begin(head, req.keepAlive, req.minorVersion == 0);
                if (res.compression != null) {
                    res.acceptsGzip = Compression.acceptsGzip(req.header("Accept-Encoding"));
                }
                boolean ok = call(engine, req, res);
                engine.loop.execute(() -> answered(t, res, ok));
            });
        } catch (RuntimeException rejected) { // the executor is shutting down or full
            Response res = engine.detachedResponse();
            res.begin(head, false, req.minorVersion == 0);
            res.send(503, "text/plain", "503 Service Unavailable\n");
            answered(t, res, true);
        }
    }

    /** Back on the loop: sends the executor's answer and goes on with the pipeline. */
    private void answered(Target t, Response res, boolean ok) {
        state = State.HEAD;
        engine.inFlight.finished();
        if (!ok) {
            engine.stats.handlerError();
        }
        if (t.isOpen()) {
            engine.response.append(res.buf, 0, res.pos);
            if (!res.keepAlive() || engine.loop.isDraining()) {
                closeAfterFlush = true;
            }
            t.setTimeoutMillis(engine.timeoutMillis);
            goOnGuarded(t);
        }
        engine.inFlight.resumeParked();
    }

    /** Called by {@link InFlight} when there is room in flight again. */
    void resume() {
        Target t = parkedOn;
        parkedOn = null;
        state = State.HEAD;
        if (t.isOpen()) {
            goOnGuarded(t);
        }
    }

    /** {@link #goOn} from a loop task rather than an event: the same guarantee that no bytes are left behind. */
    private void goOnGuarded(Target t) {
        try {
            goOn(t);
        } finally {
            if (engine.response.size() > 0) {
                engine.response.reset();
            }
        }
    }

    /** Answers what the pipeline holds, writes, and reads again when nothing is outstanding. */
    private void goOn(Target t) {
        if (leftover != null && !closeAfterFlush) {
            byte[] rest = leftover;
            leftover = null;
            process(t, rest, 0, rest.length);
        }
        flush(t);
        if (t.isOpen() && reading()) {
            t.setEvents(Events.READ);
        }
    }

    private void refuseLargeHead(Target t, byte[] buf, int pos, int end) {
        int limit = Math.min(end, pos + engine.maxHeaderSize);
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                refuse(t, 431, "request head over " + engine.maxHeaderSize + " bytes");
                return;
            }
        }
        refuse(t, 414, "request line over " + engine.maxHeaderSize + " bytes");
    }

    /** Answers a request the server will not serve, then closes the connection. */
    private void refuse(Target t, int status, String why) {
        engine.stats.parseError();
        closeAfterFlush = true;
        refused = true;
        state = State.HEAD;
        body = null;
        leftover = null;
        Response res = engine.response;
        res.begin(false, false, false);
        answerError(engine, engine.request, res, new HttpException(status, why));
    }

    private static void answerError(HttpEngine engine, Request req, Response res, Throwable error) {
        try {
            engine.errorHandler.handle(req, res, error);
            if (!res.finish()) {
                int status = error instanceof HttpStatusException e ? e.status() : 500;
                res.send(status, "text/plain", status + " " + HttpStatus.reason(status) + "\n");
            }
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "Error handler failed", e);
            res.discard();
            res.send(500, "text/plain", "500 Internal Server Error\n");
        }
    }

    /** Writes what the loop's response buffer holds; keeps what the socket would not take. */
    private void flush(Target t) {
        Response res = engine.response;
        int size = res.size();
        if (size == 0) {
            return;
        }
        int written;
        try {
            written = write(t, engine.outView(), 0, size);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "write failed: {0}", e.getMessage());
            res.reset();
            t.close();
            return;
        }
        if (written == size) {
            res.reset();
            if (closeAfterFlush) {
                close(t);
            }
            return;
        }
        if (size - written > engine.maxWrite) {
            pending = new PendingOutput(res.takeBuffer(), written, size); // large: hand the array over rather than copy it
        } else {
            pending = new PendingOutput(Arrays.copyOfRange(res.buf, written, size), 0, size - written);
            res.reset();
        }
        t.setEvents(Events.WRITE);
    }

    /** Writes {@code v}'s array {@code [from, to)} until done or the socket is full; returns bytes written. */
    private int write(Target t, ByteBuffer v, int from, int to) throws IOException {
        int p = from;
        while (p < to) {
            v.limit(Math.min(to, p + MAX_WRITE_CHUNK)).position(p);
            int n = t.write(v);
            engine.stats.written(Math.max(n, 0));
            if (n <= 0) {
                break;
            }
            p += n;
        }
        if (p > from && state != State.IN_FLIGHT) {
            // output the client takes is activity: its deadline counts from now, not from its request
            t.setTimeoutMillis(engine.timeoutMillis);
        }
        return p - from;
    }
}
