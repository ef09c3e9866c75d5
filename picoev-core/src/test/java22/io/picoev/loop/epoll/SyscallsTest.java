package io.picoev.loop.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The FFM bindings against the real kernel: results, {@code -errno} values, struct layouts. */
class SyscallsTest {

    private final Syscalls sys = new Syscalls();
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buf = arena.allocate(4096, 16);

    @AfterEach
    void free() {
        arena.close();
        sys.close();
    }

    @Test
    void readOnAnEmptyNonBlockingSocketIsEagainAndBytesGoBothWays() {
        int[] fds = new int[2];
        assertThat(sys.socketpair(Syscalls.SOCK_NONBLOCK | Syscalls.SOCK_CLOEXEC, fds)).isZero();
        try {
            assertThat(sys.read(fds[0], buf.address(), 4096)).isEqualTo(-Syscalls.EAGAIN);
            MemorySegment.copy("ping".getBytes(StandardCharsets.US_ASCII), 0, buf, JAVA_BYTE, 0, 4);
            assertThat(sys.write(fds[1], buf.address(), 4)).isEqualTo(4);
            buf.fill((byte) 0);
            assertThat(sys.read(fds[0], buf.address(), 4096)).isEqualTo(4);
            assertThat(new String(buf.asSlice(0, 4).toArray(JAVA_BYTE), StandardCharsets.US_ASCII)).isEqualTo("ping");
            assertThat(sys.shutdown(fds[1], Syscalls.SHUT_WR)).isZero();
            assertThat(sys.read(fds[0], buf.address(), 4096)).as("end of stream").isZero();
        } finally {
            sys.close(fds[0]);
            sys.close(fds[1]);
        }
    }

    @Test
    void writevGathersBuffers() {
        int[] fds = new int[2];
        assertThat(sys.socketpair(Syscalls.SOCK_NONBLOCK, fds)).isZero();
        try {
            MemorySegment iov = arena.allocate(32, 8);
            MemorySegment.copy("abcXYZ".getBytes(StandardCharsets.US_ASCII), 0, buf, JAVA_BYTE, 0, 6);
            iov.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, buf.address() + 3);
            iov.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 3);
            iov.set(java.lang.foreign.ValueLayout.JAVA_LONG, 16, buf.address());
            iov.set(java.lang.foreign.ValueLayout.JAVA_LONG, 24, 3);
            assertThat(sys.writev(fds[1], iov.address(), 2)).isEqualTo(6);
            assertThat(sys.read(fds[0], buf.address() + 100, 100)).isEqualTo(6);
            assertThat(new String(buf.asSlice(100, 6).toArray(JAVA_BYTE), StandardCharsets.US_ASCII)).isEqualTo("XYZabc");
        } finally {
            sys.close(fds[0]);
            sys.close(fds[1]);
        }
    }

    @Test
    void closingABadFdIsEbadf() {
        assertThat(sys.close(-1)).isEqualTo(-Syscalls.EBADF);
        assertThat(sys.read(-1, buf.address(), 1)).isEqualTo(-Syscalls.EBADF);
    }

    @Test
    void listenerBindsLoopbackAcceptsWithAccept4AndNamesBothEnds() throws Exception {
        int lfd = LinuxSocket.listen(sys, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, true, false);
        try {
            InetSocketAddress local = LinuxSocket.address(sys, lfd, false);
            assertThat(local.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(local.getPort()).isPositive();
            int flags = Syscalls.SOCK_NONBLOCK | Syscalls.SOCK_CLOEXEC;
            assertThat(sys.accept4(lfd, flags)).as("nothing waiting").isEqualTo(-Syscalls.EAGAIN);
            try (Socket client = new Socket(local.getAddress(), local.getPort())) {
                int cfd = accept(lfd, flags);
                try {
                    assertThat(LinuxSocket.address(sys, cfd, true).getPort()).isEqualTo(client.getLocalPort());
                    assertThat(sys.setIntOption(cfd, Syscalls.IPPROTO_TCP, Syscalls.TCP_NODELAY, 1)).isZero();
                    assertThat(sys.getIntOption(cfd, Syscalls.IPPROTO_TCP, Syscalls.TCP_NODELAY)).isEqualTo(1);
                    assertThat(sys.read(cfd, buf.address(), 10)).as("accepted socket is non-blocking")
                        .isEqualTo(-Syscalls.EAGAIN);
                    OutputStream out = client.getOutputStream();
                    out.write("hi".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    long n;
                    long until = System.nanoTime() + 10_000_000_000L;
                    while ((n = sys.read(cfd, buf.address(), 10)) == -Syscalls.EAGAIN && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    assertThat(n).isEqualTo(2);
                    assertThat(sys.write(cfd, buf.address(), 2)).isEqualTo(2);
                    InputStream in = client.getInputStream();
                    assertThat(in.readNBytes(2)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
                } finally {
                    sys.close(cfd);
                }
            }
        } finally {
            sys.close(lfd);
        }
    }

    @Test
    void wildcardListenerIsDualStack() throws Exception {
        int lfd = LinuxSocket.listen(sys, new InetSocketAddress(0), 16, true, false);
        try {
            int port = LinuxSocket.address(sys, lfd, false).getPort();
            try (Socket v4 = new Socket("127.0.0.1", port)) {
                int cfd = accept(lfd, Syscalls.SOCK_NONBLOCK);
                assertThat(LinuxSocket.address(sys, cfd, true).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                sys.close(cfd);
            }
        } finally {
            sys.close(lfd);
        }
    }

    @Test
    void shutDownListenerRefusesNewConnectionsBeforeItIsClosed() throws Exception {
        int lfd = LinuxSocket.listen(sys, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, true, false);
        try {
            int port = LinuxSocket.address(sys, lfd, false).getPort();
            assertThat(sys.shutdown(lfd, 2)).isZero();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(java.net.ConnectException.class);
        } finally {
            sys.close(lfd);
        }
    }

    @Test
    void busyPortIsABindExceptionInNiosWords() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            assertThatThrownBy(() -> LinuxSocket.listen(sys, a, 16, false, false))
                .isInstanceOf(BindException.class).hasMessage("Address already in use");
        }
    }

    @Test
    void epollReportsReadinessHalfCloseAndTheFdAsData() {
        int ep = sys.epollCreate();
        assertThat(ep).isPositive();
        int[] fds = new int[2];
        assertThat(sys.socketpair(Syscalls.SOCK_NONBLOCK, fds)).isZero();
        MemorySegment events = arena.allocate(Syscalls.EPOLL_EVENT_SIZE * 8L, 8);
        try {
            int interest = Syscalls.EPOLLIN | Syscalls.EPOLLRDHUP;
            assertThat(sys.epollCtl(ep, Syscalls.EPOLL_CTL_ADD, fds[0], interest)).isZero();
            assertThat(sys.epollCtl(ep, Syscalls.EPOLL_CTL_ADD, fds[0], interest)).isEqualTo(-17); // EEXIST
            assertThat(sys.epollWait(ep, events.address(), 8, 0)).as("nothing ready").isZero();
            MemorySegment.copy(new byte[] {'x'}, 0, buf, JAVA_BYTE, 0, 1);
            sys.write(fds[1], buf.address(), 1);
            assertThat(sys.epollWait(ep, events.address(), 8, 1000)).isEqualTo(1);
            assertThat(events.get(JAVA_INT, 0)).isEqualTo(Syscalls.EPOLLIN);
            assertThat(events.get(JAVA_INT.withByteAlignment(1), Syscalls.EPOLL_DATA_OFFSET)).isEqualTo(fds[0]);
            sys.shutdown(fds[1], Syscalls.SHUT_WR);
            assertThat(sys.epollWait(ep, events.address(), 8, 1000)).isEqualTo(1);
            assertThat(events.get(JAVA_INT, 0) & Syscalls.EPOLLRDHUP).as("peer half-closed").isNotZero();
            assertThat(sys.epollCtl(ep, Syscalls.EPOLL_CTL_DEL, fds[0], 0)).isZero();
        } finally {
            sys.close(fds[0]);
            sys.close(fds[1]);
            sys.close(ep);
        }
    }

    @Test
    void eventfdWakesAWaitFromAnotherThread() throws Exception {
        int ep = sys.epollCreate();
        int efd = sys.eventfd();
        MemorySegment events = arena.allocate(Syscalls.EPOLL_EVENT_SIZE * 4L, 8);
        try {
            sys.epollCtl(ep, Syscalls.EPOLL_CTL_ADD, efd, Syscalls.EPOLLIN);
            Thread waker = Thread.ofPlatform().start(() -> Syscalls.signal(efd));
            assertThat(sys.epollWait(ep, events.address(), 4, 30_000)).isEqualTo(1);
            assertThat(events.get(JAVA_INT.withByteAlignment(1), Syscalls.EPOLL_DATA_OFFSET)).isEqualTo(efd);
            waker.join();
        } finally {
            sys.close(efd);
            sys.close(ep);
        }
    }

    @Test
    void openFileLimitIsKnown() {
        assertThat(sys.maxOpenFiles()).isGreaterThanOrEqualTo(64);
    }

    @Test
    void epollEventIsTheKernelsLayout() {
        String arch = System.getProperty("os.arch");
        assertThat(Syscalls.EPOLL_EVENT_SIZE).isEqualTo(arch.equals("amd64") ? 12 : 16);
    }

    private int accept(int lfd, int flags) {
        long until = System.nanoTime() + 10_000_000_000L;
        int fd;
        while ((fd = sys.accept4(lfd, flags)) == -Syscalls.EAGAIN && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(fd).isPositive();
        return fd;
    }
}
