package io.picoev.loop.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The Linux system calls the epoll transport makes, as {@code java.lang.foreign} downcalls into
 * libc. Each call returns what the kernel does: a result {@code >= 0}, or {@code -errno}
 * (for example {@code -EAGAIN}), so the hot path allocates nothing and throws nothing.
 *
 * <p>Pointers are passed as {@code long} addresses of off-heap memory the caller owns: a heap
 * array would need a {@link MemorySegment} slice per call (measured: 224 bytes per read and
 * write pair with {@code Linker.Option.critical(true)}), where a copy through one reused
 * off-heap buffer allocates nothing. Calls that never block ({@code read}/{@code write} on
 * non-blocking sockets, {@code accept4}, {@code epoll_ctl}...) are linked {@code critical}: no
 * thread-state transition. {@code epoll_wait} is not: it blocks.
 *
 * <p>An instance holds the calling thread's {@code errno} cell: one per loop, confined to it.
 */
final class Syscalls implements AutoCloseable {

    // Linux constants; the same values on x86-64 and aarch64, the two architectures enabled.
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EMFILE = 24;
    static final int ENFILE = 23;
    static final int EINPROGRESS = 115;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int EAFNOSUPPORT = 97;
    static final int ENOBUFS = 105;
    static final int ENOMEM = 12;

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_ERROR = 4;
    static final int SO_REUSEPORT = 15;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int SHUT_WR = 1;
    static final int RLIMIT_NOFILE = 7;

    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLEXCLUSIVE = 1 << 28;
    static final int EPOLLET = 1 << 31;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    /**
     * {@code struct epoll_event {uint32_t events; epoll_data_t data;}}: packed on x86-64 (12
     * bytes, data at 4), naturally aligned elsewhere (16 bytes, data at 8), as the kernel's
     * {@code EPOLL_PACKED}.
     */
    static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
        || "x86_64".equals(System.getProperty("os.arch"));
    static final int EPOLL_EVENT_SIZE = PACKED ? 12 : 16;
    static final int EPOLL_DATA_OFFSET = PACKED ? 4 : 8;

    private static final ValueLayout.OfLong JAVA_LONG_UNALIGNED = JAVA_LONG.withByteAlignment(1);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");
    private static final Linker.Option QUICK = Linker.Option.critical(false);

    private static final MethodHandle SOCKET = errno("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = errno("bind", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle LISTEN = errno("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 = quick("accept4", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle CONNECT = errno("connect", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SETSOCKOPT = quick("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle GETSOCKOPT = quick("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle GETSOCKNAME = quick("getsockname", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle GETPEERNAME = quick("getpeername", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle SHUTDOWN = quick("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = errno("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle READ = quick("read", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle WRITE = quick("write", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle WRITEV = quick("writev", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle EPOLL_CREATE1 = errno("epoll_create1", JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_CTL = quick("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle EPOLL_WAIT = errno("epoll_wait", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT);
    private static final MethodHandle EVENTFD = errno("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle GETRLIMIT = errno("getrlimit", JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle SOCKETPAIR = errno("socketpair", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    // any thread may wake a loop: no errno cell to share, and a failed wakeup write (EAGAIN: already signalled) is fine
    private static final MethodHandle WAKE = wakeHandle();
    private static final long ONE = one();

    /**
     * An automatic arena, not a shared one: every downcall pins the session of its errno cell,
     * an atomic increment and decrement for a shared arena and nothing for an automatic one
     * (measured: {@code SharedSession.release0} was 3.6 % of the loop's samples when pipelining).
     */
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment state = arena.allocate(CALL_STATE);
    /** Small scratch memory for socket options, addresses and limits; confined to the owner's thread. */
    final MemorySegment scratch = arena.allocate(256, 16);
    private final long scratchAddress = scratch.address();

    private static long one() {
        MemorySegment one = Arena.global().allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
        return one.address();
    }

    @SuppressWarnings("restricted")
    private static MethodHandle link(String name, boolean quick, MemoryLayout result, MemoryLayout... args) {
        FunctionDescriptor fd = FunctionDescriptor.of(result, args);
        return quick ? LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, ERRNO_OPT, QUICK)
            : LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, ERRNO_OPT);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle wakeHandle() {
        return LINKER.downcallHandle(LINKER.defaultLookup().find("write").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), QUICK);
    }

    private static MethodHandle errno(String name, MemoryLayout result, MemoryLayout... args) {
        return link(name, false, result, args);
    }

    private static MethodHandle quick(String name, MemoryLayout result, MemoryLayout... args) {
        return link(name, true, result, args);
    }

    private int errnoValue() {
        return (int) ERRNO.get(state, 0L);
    }

    private int check(int r) {
        return r < 0 ? -errnoValue() : r;
    }

    private long check(long r) {
        return r < 0 ? -errnoValue() : r;
    }

    private static Error linkage(Throwable e) {
        return e instanceof Error err ? err : new AssertionError("downcall failed", e);
    }

    /** {@code socket(2)}: a new socket fd, or -errno. */
    int socket(int domain, int type, int protocol) {
        try {
            return check((int) SOCKET.invokeExact(state, domain, type, protocol));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code socketpair(AF_UNIX, SOCK_STREAM | flags, 0)} into {@code fds[0..1]}: 0 or -errno. */
    int socketpair(int flags, int[] fds) {
        try {
            int r = check((int) SOCKETPAIR.invokeExact(state, 1, SOCK_STREAM | flags, 0, scratchAddress));
            if (r == 0) {
                fds[0] = scratch.get(JAVA_INT, 0);
                fds[1] = scratch.get(JAVA_INT, 4);
            }
            return r;
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code bind(2)} to the {@code length} bytes of socket address at {@code address}: 0 or -errno. */
    int bind(int fd, long address, int length) {
        try {
            return check((int) BIND.invokeExact(state, fd, address, length));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code connect(2)}: 0 or -errno ({@code -EINPROGRESS} on a non-blocking socket). */
    int connect(int fd, long address, int length) {
        try {
            return check((int) CONNECT.invokeExact(state, fd, address, length));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code listen(2)}: 0 or -errno. */
    int listen(int fd, int backlog) {
        try {
            return check((int) LISTEN.invokeExact(state, fd, backlog));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code accept4(fd, NULL, NULL, flags)}: the new connection's fd, or -errno ({@code -EAGAIN}: none waiting). */
    int accept4(int fd, int flags) {
        try {
            return check((int) ACCEPT4.invokeExact(state, fd, 0L, 0L, flags));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code setsockopt(2)} with an {@code int} value: 0 or -errno. */
    int setIntOption(int fd, int level, int name, int value) {
        try {
            scratch.set(JAVA_INT, 0, value);
            return check((int) SETSOCKOPT.invokeExact(state, fd, level, name, scratchAddress, 4));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code getsockopt(2)} of an {@code int} option: its value ({@code >= 0}), or -errno. */
    int getIntOption(int fd, int level, int name) {
        try {
            scratch.set(JAVA_INT, 0, 0);
            scratch.set(JAVA_INT, 8, 4);
            int r = check((int) GETSOCKOPT.invokeExact(state, fd, level, name, scratchAddress, scratchAddress + 8));
            return r < 0 ? r : scratch.get(JAVA_INT, 0);
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /**
     * {@code getsockname(2)} ({@code peer}: {@code getpeername(2)}) into {@link #scratch} from
     * offset 0: the address's length, or -errno.
     */
    int socketName(int fd, boolean peer) {
        try {
            scratch.set(JAVA_INT, 128, 128);
            int r = peer ? (int) GETPEERNAME.invokeExact(state, fd, scratchAddress, scratchAddress + 128)
                : (int) GETSOCKNAME.invokeExact(state, fd, scratchAddress, scratchAddress + 128);
            return r < 0 ? -errnoValue() : scratch.get(JAVA_INT, 128);
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code shutdown(2)}: 0 or -errno. */
    int shutdown(int fd, int how) {
        try {
            return check((int) SHUTDOWN.invokeExact(state, fd, how));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code close(2)}: 0 or -errno. */
    int close(int fd) {
        try {
            return check((int) CLOSE.invokeExact(state, fd));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code read(2)} into off-heap memory: bytes read, 0 at end of stream, or -errno. */
    long read(int fd, long address, long length) {
        try {
            return check((long) READ.invokeExact(state, fd, address, length));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code write(2)} from off-heap memory: bytes written, or -errno. */
    long write(int fd, long address, long length) {
        try {
            return check((long) WRITE.invokeExact(state, fd, address, length));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code writev(2)} of {@code count} {@code struct iovec}s at {@code iov}: bytes written, or -errno. */
    long writev(int fd, long iov, int count) {
        try {
            return check((long) WRITEV.invokeExact(state, fd, iov, count));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code epoll_create1(EPOLL_CLOEXEC)}: the epoll fd, or -errno. */
    int epollCreate() {
        try {
            return check((int) EPOLL_CREATE1.invokeExact(state, EPOLL_CLOEXEC));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code epoll_ctl(2)} with an {@code epoll_event} of {@code events} whose data is {@code fd}: 0 or -errno. */
    int epollCtl(int epfd, int op, int fd, int events) {
        try {
            scratch.set(JAVA_INT, 0, events);
            scratch.set(JAVA_LONG_UNALIGNED, EPOLL_DATA_OFFSET, fd);
            return check((int) EPOLL_CTL.invokeExact(state, epfd, op, fd, scratchAddress));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code epoll_wait(2)} into {@code max} events at {@code events}: how many are ready, or -errno. */
    int epollWait(int epfd, long events, int max, int timeoutMillis) {
        try {
            return check((int) EPOLL_WAIT.invokeExact(state, epfd, events, max, timeoutMillis));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** {@code eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)}: the fd, or -errno. */
    int eventfd() {
        try {
            return check((int) EVENTFD.invokeExact(state, 0, EFD_NONBLOCK | EFD_CLOEXEC));
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** Adds 1 to the eventfd {@code fd}, from any thread; errors ignored (a full counter is still readable). */
    static void signal(int fd) {
        try {
            long written = (long) WAKE.invokeExact(fd, ONE, 8L);
            assert written == 8 || written == -1;
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** The soft limit on open file descriptors ({@code RLIMIT_NOFILE}), or -errno. */
    long maxOpenFiles() {
        try {
            int r = check((int) GETRLIMIT.invokeExact(state, RLIMIT_NOFILE, scratchAddress));
            return r < 0 ? r : scratch.get(JAVA_LONG, 0);
        } catch (Throwable e) {
            throw linkage(e);
        }
    }

    /** Nothing to release now: the errno cell and the scratch memory go with the instance. */
    @Override
    public void close() {
        // an automatic arena cannot be closed; kept so that callers scope a short-lived instance
    }

    /** {@code strerror}-like text for an errno, for exception messages. */
    static String describe(int errno) {
        return switch (errno) {
            case EAGAIN -> "Resource temporarily unavailable (EAGAIN)";
            case EBADF -> "Bad file descriptor (EBADF)";
            case EMFILE -> "Too many open files (EMFILE)";
            case ENFILE -> "Too many open files in system (ENFILE)";
            case EADDRINUSE -> "Address already in use";
            case EADDRNOTAVAIL -> "Cannot assign requested address";
            case EAFNOSUPPORT -> "Address family not supported by protocol (EAFNOSUPPORT)";
            case ENOBUFS -> "No buffer space available (ENOBUFS)";
            case ENOMEM -> "Cannot allocate memory (ENOMEM)";
            case 32 -> "Broken pipe (EPIPE)";
            case 104 -> "Connection reset by peer";
            case 111 -> "Connection refused";
            case 22 -> "Invalid argument (EINVAL)";
            case 1 -> "Operation not permitted (EPERM)";
            case 13 -> "Permission denied (EACCES)";
            default -> "errno " + errno;
        };
    }
}
