package io.picoev.http;

import io.picoev.Callback;
import io.picoev.Picoev;
import io.picoev.Target;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * One HTTP/1.1 connection: read, parse every complete request, call the handler, write all the
 * answers with one write. Holds nothing while idle; keeps bytes only for as long as they are
 * in flight: a partial head, a body still arriving, output the socket has not taken yet.
 * While output is pending the connection stops reading, so a client that never reads cannot
 * make it grow. Loop-confined.
 */
final class HttpConnection implements Callback {

    private static final System.Logger LOG = System.getLogger("io.picoev.http");

    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int CHUNKED = 2;
    /** After refusing a request: bytes the client may still send that we read and drop before closing. */
    private static final int LINGER_BYTES = 1024 * 1024;
    /** ... and for how long at most. */
    private static final int LINGER_SECONDS = 2;
    /** Most bytes one write call hands the JDK, which copies heap bytes into a cached direct buffer that size. */
    private static final int MAX_WRITE_CHUNK = 256 * 1024;

    private final HttpEngine engine;
    private int state = HEAD;
    private int lastLen;
    /** Unparsed bytes kept between events: a partial head, or the rest of a pipeline paused for output. */
    private byte[] leftover;
    /** The head of the request whose body is arriving, once its read buffer is gone. */
    private byte[] head;
    private int headOff;
    private int headLen;
    private boolean keepAlive;
    private byte[] body;
    private int bodyLen;
    private int contentLength;
    private ChunkedDecoder chunked;
    private byte[] pending;
    private int pendingPos;
    private int pendingEnd;
    private boolean closeAfterFlush;
    /** A request of this connection is with the executor; nothing more is read or parsed until it is answered. */
    private boolean inFlight;
    /** Waiting in the engine's queue for room in flight. */
    private Target parkedOn;
    /** A refusal was sent: close only once the client stops sending (RFC 9112 §9.6), so its bytes cannot reset our answer away. */
    private boolean refused;
    /** Bytes dropped while lingering; -1 while not lingering. */
    private int lingered = -1;

    HttpConnection(HttpEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onEvent(Target t, int events) {
        if ((events & Picoev.TIMEOUT) != 0) {
            engine.stats.timeout();
            t.close();
            return;
        }
        if (lingered >= 0) {
            linger(t);
            return;
        }
        try {
            if ((events & Picoev.WRITE) != 0 && pending != null && !resumeAfterWrite(t)) {
                return;
            }
            if ((events & Picoev.READ) != 0 && pending == null && !closeAfterFlush && !inFlight && parkedOn == null
                    && t.isOpen()) {
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
        return state != HEAD || leftover != null || pending != null || inFlight || parkedOn != null;
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
        t.setTimeout(engine.timeoutSecs);
        process(t, in, 0, kept + n);
        flush(t);
    }

    /** Sends pending output; once it is all gone, answers what the pipeline still holds. */
    private boolean resumeAfterWrite(Target t) throws IOException {
        int n = write(t, pending, pendingPos, pendingEnd);
        pendingPos += n;
        if (n > 0) {
            t.setTimeout(engine.timeoutSecs);
        }
        if (pendingPos < pendingEnd) {
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
        lingered = 0;
        t.setTimeout(LINGER_SECONDS);
        t.setEvents(Picoev.READ);
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
        while (pos < end && !closeAfterFlush && pending == null && !inFlight) {
            if (state == HEAD && engine.inFlight >= engine.maxInFlight) {
                parkedOn = t; // no room in flight: wait, reading nothing, until an answer comes back
                engine.parked.add(this);
                t.setEvents(0);
                break;
            }
            if (state == HEAD) {
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
            } else if (state == BODY) {
                int n = Math.min(end - pos, contentLength - bodyLen);
                if (bodyLen + n > body.length) {
                    body = Arrays.copyOf(body, Math.min(contentLength, Math.max(bodyLen + n, body.length * 2)));
                }
                System.arraycopy(buf, pos, body, bodyLen, n);
                bodyLen += n;
                pos += n;
                if (bodyLen == contentLength) {
                    dispatchWithBody(t, body, bodyLen);
                }
            } else {
                int r = chunked.decode(buf, pos, end - pos);
                if (r == HttpParser.INCOMPLETE) {
                    pos = end;
                } else if (r == HttpParser.ERROR) {
                    refuse(t, chunked.tooLarge() ? 413 : 400, chunked.tooLarge()
                        ? "chunked body over " + engine.maxBodySize + " bytes" : "malformed chunked body");
                    return;
                } else {
                    pos += r;
                    dispatchWithBody(t, chunked.body(), chunked.length());
                }
            }
        }
        if (state != HEAD && head == null) {
            head = Arrays.copyOfRange(buf, headOff, headOff + headLen); // the read buffer is about to be reused
        }
        if (pos < end && state == HEAD && !closeAfterFlush) {
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
        headOff = pos;
        headLen = headLength;
        head = null;
        int p = pos + headLength;
        if (f.chunked) {
            chunked = new ChunkedDecoder(engine.maxBodySize);
            state = CHUNKED;
            if (f.expectContinue && p == end) {
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
            setBody(engine.request, buf, p, length);
            dispatch(t);
            return p + length;
        }
        contentLength = length;
        bodyLen = 0;
        body = new byte[Math.min(length, Math.max(end - p, 64 * 1024))]; // grows as bytes arrive, not as claimed
        state = BODY;
        if (f.expectContinue && p == end) {
            engine.response.writeContinue();
        }
        return p;
    }

    private void dispatchWithBody(Target t, byte[] bytes, int length) {
        Request req = engine.request;
        if (head != null) {
            HttpParser.parseRequest(head, 0, head.length, req, 0); // parsed before, so it parses again
            head = null;
        }
        setBody(req, bytes, 0, length);
        state = HEAD;
        body = null;
        chunked = null;
        dispatch(t);
    }

    private static void setBody(Request req, byte[] bytes, int off, int length) {
        req.body = bytes;
        req.bodyOff = off;
        req.bodyLen = length;
    }

    /** Calls the handler for the request in {@code engine.request}, here or on the executor. */
    private void dispatch(Target t) {
        Request req = engine.request;
        Response res = engine.response;
        boolean ka = keepAlive && !engine.loop.isDraining();
        req.keepAlive = ka;
        req.userData = engine.userData;
        req.json = engine.json;
        engine.stats.request();
        Executor executor = engine.executorFor(req);
        if (executor != null) {
            dispatchToExecutor(t, req.copy(), executor);
            return;
        }
        res.begin(req.isMethod("HEAD"), ka, req.minorVersion == 0);
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
     * Hands {@code req} (a copy that owns its bytes) to the executor. This connection reads and
     * parses nothing more until the answer is back, so pipelined answers stay in order.
     */
    private void dispatchToExecutor(Target t, Request req, Executor executor) {
        inFlight = true;
        engine.inFlight++;
        t.setEvents(0);
        t.setTimeout(0); // the handler's time is not the client's silence
        boolean head = req.isMethod("HEAD");
        try {
            executor.execute(() -> {
                Response res = engine.detachedResponse();
                res.begin(head, req.keepAlive, req.minorVersion == 0);
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
        inFlight = false;
        engine.inFlight--;
        if (!ok) {
            engine.stats.handlerError();
        }
        if (t.isOpen()) {
            engine.response.append(res.buf, 0, res.pos);
            if (!res.keepAlive() || engine.loop.isDraining()) {
                closeAfterFlush = true;
            }
            t.setTimeout(engine.timeoutSecs);
            goOnGuarded(t);
        }
        engine.resumeParked();
    }

    /** Called by the engine when there is room in flight again. */
    void resume() {
        Target t = parkedOn;
        parkedOn = null;
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
        if (t.isOpen() && pending == null && !inFlight && parkedOn == null && !closeAfterFlush) {
            t.setEvents(Picoev.READ);
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
        state = HEAD;
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
            written = write(t, res.buf, 0, size);
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
            pending = res.takeBuffer(); // large: hand the array over rather than copy it
            pendingPos = written;
            pendingEnd = size;
        } else {
            pending = Arrays.copyOfRange(res.buf, written, size);
            pendingPos = 0;
            pendingEnd = pending.length;
            res.reset();
        }
        t.setEvents(Picoev.WRITE);
    }

    /** Writes {@code a[from, to)} until done or the socket is full; returns bytes written. */
    private int write(Target t, byte[] a, int from, int to) throws IOException {
        ByteBuffer v = a == engine.response.buf ? engine.outView() : ByteBuffer.wrap(a);
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
        return p - from;
    }
}
