package io.picoev.autoconfigure.accesslog;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Writes access-log lines at INFO through the {@code io.picoev.accesslog} logger, in Reactor
 * Netty's format (Common Log Format plus the duration):
 * {@code 127.0.0.1 - - [29/Nov/2026:14:03:00 +0000] "GET /plaintext HTTP/1.1" 200 13 2 ms}.
 *
 * <p>A loop must never wait on a log appender's I/O, so {@link #add} only offers the request's
 * facts to a bounded queue; one virtual thread formats and logs them. When the queue is full the
 * line is dropped and counted ({@link #dropped()}), and a warning says how many.
 */
public final class AccessLog implements AutoCloseable {

    /** The logger's name: configure it like any other ({@code logging.level.io.picoev.accesslog}). */
    public static final String LOGGER_NAME = "io.picoev.accesslog";

    private static final Log logger = LogFactory.getLog(LOGGER_NAME);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
        .withZone(ZoneId.systemDefault());

    private final BlockingQueue<Entry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    /** A log holding at most {@code capacity} lines not yet handed to the logger. */
    public AccessLog(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofVirtual().name("picoev-accesslog").start(this::drain);
    }

    /**
     * Queues one line; never blocks.
     *
     * @param remote the client's address, or {@code null}
     * @param startMillis when the request began, epoch milliseconds
     * @param requestLine method, target and version, such as {@code GET / HTTP/1.1}
     * @param status the status answered
     * @param bytes body bytes answered, or -1 when unknown
     * @param durationNanos time from the handler's start to its end
     */
    public void add(@Nullable SocketAddress remote, long startMillis, String requestLine, int status, long bytes,
            long durationNanos) {
        if (!logger.isInfoEnabled() || !queue.offer(new Entry(remote, startMillis, requestLine, status, bytes, durationNanos))) {
            if (logger.isInfoEnabled()) {
                dropped.incrementAndGet();
            }
        }
    }

    /** Lines dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        long reported = 0;
        while (!closed || !queue.isEmpty()) {
            try {
                Entry e = queue.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    logger.info(e.format());
                }
                long d = dropped.get();
                if (d != reported) {
                    logger.warn((d - reported) + " access log lines dropped: the logger is slower than the requests"
                        + " (picoev.accesslog.queue-capacity)");
                    reported = d;
                }
            } catch (InterruptedException ex) {
                closed = true;
            } catch (RuntimeException ex) {
                logger.error("access log line not written", ex);
            }
        }
    }

    /** Logs what is queued, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        writer.join(TimeUnit.SECONDS.toMillis(5));
    }

    private record Entry(@Nullable SocketAddress remote, long startMillis, String requestLine, int status, long bytes,
            long durationNanos) {

        String format() {
            return address() + " - - [" + TIME.format(Instant.ofEpochMilli(startMillis)) + "] \"" + requestLine + "\" "
                + status + " " + (bytes < 0 ? "-" : Long.toString(bytes)) + " "
                + TimeUnit.NANOSECONDS.toMillis(durationNanos) + " ms";
        }

        private String address() {
            if (remote instanceof InetSocketAddress inet) {
                return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            }
            return remote == null ? "-" : remote.toString();
        }
    }
}
