package io.picoev.loop.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A loop's socket I/O by file descriptor, through one reused off-heap buffer: a read lands
 * there and is copied into the caller's heap array, a write is copied there first. No call
 * allocates. Loop-confined.
 */
final class SocketIo implements AutoCloseable {

    /** Bytes moved per system call at most (a larger write is several calls). */
    static final int BUFFER_SIZE = 128 * 1024;
    private static final int ECONNABORTED = 103;

    private final Syscalls sys;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(BUFFER_SIZE, 64);
    private final long address = buffer.address();

    SocketIo(Syscalls sys) {
        this.sys = sys;
    }

    /** Reads into {@code dst}: bytes read, 0 when none are ready, -1 at end of stream. */
    int read(int fd, ByteBuffer dst) throws IOException {
        int want = Math.min(dst.remaining(), BUFFER_SIZE);
        if (want == 0) {
            return 0;
        }
        long n;
        if (dst.isDirect()) {
            do {
                n = sys.read(fd, MemorySegment.ofBuffer(dst).address(), want);
            } while (n == -Syscalls.EINTR);
        } else {
            do {
                n = sys.read(fd, address, want);
            } while (n == -Syscalls.EINTR);
            if (n > 0) {
                MemorySegment.copy(buffer, JAVA_BYTE, 0, dst.array(), dst.arrayOffset() + dst.position(), (int) n);
            }
        }
        if (n > 0) {
            dst.position(dst.position() + (int) n);
            return (int) n;
        }
        if (n == 0) {
            return -1;
        }
        if (n == -Syscalls.EAGAIN) {
            return 0;
        }
        throw LinuxSocket.failure("read", n);
    }

    /** Writes from {@code src}: bytes the socket took, 0 when its buffer is full. */
    int write(int fd, ByteBuffer src) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            int chunk = Math.min(src.remaining(), BUFFER_SIZE);
            long n;
            if (src.isDirect()) {
                do {
                    n = sys.write(fd, MemorySegment.ofBuffer(src).address(), chunk);
                } while (n == -Syscalls.EINTR);
            } else {
                MemorySegment.copy(src.array(), src.arrayOffset() + src.position(), buffer, JAVA_BYTE, 0, chunk);
                do {
                    n = sys.write(fd, address, chunk);
                } while (n == -Syscalls.EINTR);
            }
            if (n == -Syscalls.EAGAIN) {
                return total;
            }
            if (n < 0) {
                throw LinuxSocket.failure("write", n);
            }
            src.position(src.position() + (int) n);
            total += (int) n;
            if (n < chunk) {
                return total; // the socket buffer is full
            }
        }
        return total;
    }

    /**
     * Accepts one connection from listener {@code fd} ({@code accept4}, non-blocking and
     * close-on-exec): its fd, or -1 when none is waiting (or another loop took it).
     *
     * @throws IOException when the process or system is out of file descriptors or memory
     *     ({@code EMFILE}, {@code ENFILE}, {@code ENOBUFS}, {@code ENOMEM}) or the listener failed
     */
    int accept(int fd) throws IOException {
        while (true) {
            int c = sys.accept4(fd, Syscalls.SOCK_NONBLOCK | Syscalls.SOCK_CLOEXEC);
            if (c >= 0) {
                return c;
            }
            if (c == -Syscalls.EAGAIN) {
                return -1;
            }
            if (c != -Syscalls.EINTR && c != -ECONNABORTED) { // the peer gave up while queued: take the next
                throw LinuxSocket.failure("accept4", c);
            }
        }
    }

    /** Sets {@code TCP_NODELAY} on a connection; false if the socket refused it. */
    boolean noDelay(int fd) {
        return sys.setIntOption(fd, Syscalls.IPPROTO_TCP, Syscalls.TCP_NODELAY, 1) == 0;
    }

    /** Sends FIN ({@code shutdown(SHUT_WR)}). */
    void shutdownOutput(int fd) throws IOException {
        int r = sys.shutdown(fd, Syscalls.SHUT_WR);
        if (r < 0 && r != -107) { // ENOTCONN: the peer is gone already
            throw LinuxSocket.failure("shutdown", r);
        }
    }

    /** Closes {@code fd}; errors (the fd is released anyway on Linux) are returned, not thrown. */
    int close(int fd) {
        return sys.close(fd);
    }

    @Override
    public void close() {
        arena.close();
    }
}
