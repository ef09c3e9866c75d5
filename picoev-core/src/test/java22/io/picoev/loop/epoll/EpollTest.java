package io.picoev.loop.epoll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The epoll instance and the loop's socket I/O over real sockets. */
class EpollTest {

    private static final int READ = 1;
    private static final int WRITE = 2;

    private final Syscalls sys = new Syscalls();
    private final Epoll epoll;
    private final SocketIo io = new SocketIo(sys);
    private final List<Integer> fds = new ArrayList<>();

    EpollTest() throws IOException {
        epoll = new Epoll(sys, false);
    }

    @AfterEach
    void free() {
        for (int fd : fds) {
            sys.close(fd);
        }
        epoll.close();
        io.close();
        sys.close();
    }

    private int[] pair() {
        int[] p = new int[2];
        assertThat(sys.socketpair(Syscalls.SOCK_NONBLOCK | Syscalls.SOCK_CLOEXEC, p)).isZero();
        fds.add(p[0]);
        fds.add(p[1]);
        return p;
    }

    @Test
    void readyFdComesBackAsItsSlotWithReadThenWrite() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 7, true, false, false);
        assertThat(epoll.poll(0)).isZero();
        io.write(p[1], ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(epoll.readySlot(0)).isEqualTo(7);
        assertThat(epoll.readyEvents(0)).isEqualTo(READ);
        epoll.set(p[0], true, true);
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(epoll.readyEvents(0)).isEqualTo(READ | WRITE);
        byte[] heap = new byte[16];
        ByteBuffer dst = ByteBuffer.wrap(heap, 5, 11);
        assertThat(io.read(p[0], dst)).isEqualTo(3);
        assertThat(dst.position()).isEqualTo(8);
        assertThat(new String(heap, 5, 3, StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(io.read(p[0], dst)).as("EAGAIN").isZero();
        epoll.set(p[0], false, true);
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(epoll.readyEvents(0)).isEqualTo(WRITE);
    }

    @Test
    void tableGrowsPastMaxFds() throws IOException {
        int[] last = null;
        for (int i = 0; i < 700; i++) {
            last = pair();
            epoll.add(last[0], i, true, false, false);
        }
        assertThat(last[0]).isGreaterThan(Epoll.INITIAL_FDS);
        assertThat(epoll.tableSize()).isGreaterThan(Epoll.INITIAL_FDS);
        io.write(last[1], ByteBuffer.wrap(new byte[] {1}));
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(epoll.readySlot(0)).isEqualTo(699);
    }

    @Test
    void moreReadyThanTheEventArrayHoldsAllComeBackOverTwoPolls() throws IOException {
        int n = 400; // the event array starts at 256 and doubles when a poll fills it
        for (int i = 0; i < n; i++) {
            int[] p = pair();
            epoll.add(p[0], 1000 + i, true, false, false);
            io.write(p[1], ByteBuffer.wrap(new byte[] {1}));
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int first = epoll.poll(1000);
        assertThat(first).isLessThan(n);
        for (int i = 0; i < first; i++) {
            assertThat(epoll.readyEvents(i)).isEqualTo(READ);
            seen.add(epoll.readySlot(i));
        }
        int second = epoll.poll(1000);
        assertThat(second).as("level-triggered: all still ready, and room for them now").isEqualTo(n);
        for (int i = 0; i < second; i++) {
            seen.add(epoll.readySlot(i));
        }
        assertThat(seen).hasSize(n).allMatch(slot -> slot >= 1000 && slot < 1000 + n);
    }

    @Test
    void halfClosedPeerIsAReadThatSeesEndOfStream() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 1, true, false, false);
        io.write(p[1], ByteBuffer.wrap(new byte[] {'x'}));
        io.shutdownOutput(p[1]);
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(epoll.readyEvents(0)).isEqualTo(READ);
        ByteBuffer dst = ByteBuffer.allocate(8);
        assertThat(io.read(p[0], dst)).isEqualTo(1);
        assertThat(io.read(p[0], dst)).isEqualTo(-1);
        // the half-closed side still writes: the peer reads it
        assertThat(io.write(p[0], ByteBuffer.wrap(new byte[] {'y'}))).isEqualTo(1);
        assertThat(io.read(p[1], ByteBuffer.allocate(8))).isEqualTo(1);
    }

    @Test
    void noInterestMeansNotReportedEvenWhenThePeerIsGone() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 1, true, false, false);
        epoll.set(p[0], false, false);
        sys.close(p[1]);
        fds.remove(Integer.valueOf(p[1]));
        assertThat(epoll.poll(0)).as("EPOLLHUP would be reported for an fd left in the set").isZero();
        epoll.set(p[0], true, false);
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(io.read(p[0], ByteBuffer.allocate(8))).isEqualTo(-1);
    }

    @Test
    void removedFdIsNotReported() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 1, true, false, false);
        io.write(p[1], ByteBuffer.wrap(new byte[] {1}));
        epoll.remove(p[0], 1);
        assertThat(epoll.poll(0)).isZero();
    }

    @Test
    void largeHeapWriteGoesOutInChunksUntilTheSocketIsFull() throws IOException {
        int[] p = pair();
        ByteBuffer big = ByteBuffer.allocate(4 * SocketIo.BUFFER_SIZE);
        int n = io.write(p[0], big);
        assertThat(n).isPositive().isLessThan(big.capacity()); // a socketpair buffer is far smaller
        assertThat(big.position()).isEqualTo(n);
        assertThat(io.write(p[0], big)).as("full: EAGAIN").isZero();
    }

    @Test
    void exclusiveListenerAcceptsAndPausesWithoutModify() throws Exception {
        int lfd = LinuxSocket.listen(sys, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, true, false);
        fds.add(lfd);
        int port = LinuxSocket.address(sys, lfd, false).getPort();
        epoll.add(lfd, 0, true, false, true);
        assertThat(io.accept(lfd)).as("none waiting").isEqualTo(-1);
        try (Socket a = new Socket(InetAddress.getLoopbackAddress(), port);
                Socket b = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertThat(epoll.poll(5000)).isEqualTo(1);
            assertThat(epoll.readyEvents(0)).isEqualTo(READ);
            epoll.set(lfd, false, false); // paused (a full loop)
            assertThat(epoll.poll(0)).isZero();
            epoll.set(lfd, true, false); // EPOLL_CTL_MOD would fail with EINVAL on an exclusive fd
            assertThat(epoll.poll(5000)).isEqualTo(1);
            int c = io.accept(lfd);
            assertThat(c).isPositive();
            fds.add(c);
            assertThat(io.noDelay(c)).isTrue();
            assertThat(LinuxSocket.address(sys, c, true).getPort()).isIn(a.getLocalPort(), b.getLocalPort());
        }
    }

    @Test
    void wakeupEndsAWait() throws Exception {
        Thread t = Thread.ofPlatform().start(epoll::wakeup);
        long start = System.nanoTime();
        assertThat(epoll.poll(60_000)).as("the eventfd is not a target").isZero();
        assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
        t.join();
        assertThat(epoll.poll(0)).as("counter reset").isZero();
    }
}
