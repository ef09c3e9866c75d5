package io.picoev.loop.epoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.loop.Loop;
import io.picoev.loop.LoopTarget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The epoll instance in edge-triggered mode over real socket pairs: the loop still sees level
 * semantics (nothing ready is lost or left waiting for an edge that never comes), and interest
 * changes make no {@code epoll_ctl}.
 */
class EdgeTriggeredEpollTest {

    private static final int READ = 1;
    private static final int WRITE = 2;

    private final Syscalls sys = new Syscalls();
    private final Epoll epoll;
    private final SocketIo io = new SocketIo(sys);
    private final List<Integer> fds = new ArrayList<>();

    EdgeTriggeredEpollTest() throws IOException {
        epoll = new Epoll(sys, true);
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

    /** A read as {@link EpollBackend#read} does it: tells epoll whether the buffer came back full. */
    private int read(int fd, ByteBuffer dst) throws IOException {
        int asked = dst.remaining();
        int n = io.read(fd, dst);
        epoll.read(fd, n == asked);
        return n;
    }

    private void send(int fd, int bytes) throws IOException {
        assertThat(io.write(fd, ByteBuffer.allocate(bytes))).isEqualTo(bytes);
    }

    @Test
    void aReadThatFillsTheBufferIsReportedAgainWithoutANewEdge() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 3, true, false, false);
        send(p[1], 100);
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(epoll.readyEvents(0)).isEqualTo(READ);
        int reads = 0;
        while (true) { // the engine's way: one buffer per event
            assertThat(read(p[0], ByteBuffer.allocate(30))).isPositive();
            reads++;
            int n = epoll.poll(0);
            if (n == 0) {
                break;
            }
            assertThat(n).isEqualTo(1);
            assertThat(epoll.readySlot(0)).isEqualTo(3);
            assertThat(epoll.readyEvents(0)).isEqualTo(READ);
        }
        assertThat(reads).as("30 + 30 + 30 + 10: the short read shows the queue empty").isEqualTo(4);
        send(p[1], 1);
        assertThat(epoll.poll(1000)).as("a new edge").isEqualTo(1);
    }

    @Test
    void aFullReadThatEmptiedTheQueueCostsOneReadThatFindsNothing() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 3, true, false, false);
        send(p[1], 30);
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(read(p[0], ByteBuffer.allocate(30))).isEqualTo(30);
        assertThat(epoll.poll(0)).as("maybe more").isEqualTo(1);
        assertThat(read(p[0], ByteBuffer.allocate(30))).as("EAGAIN").isZero();
        assertThat(epoll.poll(0)).isZero();
    }

    @Test
    void inputThatCameWhileReadingWasPausedIsReportedWhenReadingResumes() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 3, true, false, false);
        epoll.set(p[0], false, false); // the engine: a request in flight, or output pending
        send(p[1], 10);
        assertThat(epoll.poll(0)).as("not wanted now").isZero();
        assertThat(epoll.poll(0)).as("and no busy loop over it").isZero();
        epoll.set(p[0], true, false);
        assertThat(epoll.poll(0)).as("remembered: no new edge will come for it").isEqualTo(1);
        assertThat(epoll.readyEvents(0)).isEqualTo(READ);
    }

    @Test
    void writeInterestComesBackOnlyWhenTheFullSocketDrains() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 3, true, false, false);
        assertThat(epoll.poll(0)).as("writable, but not wanted").isZero();
        ByteBuffer big = ByteBuffer.allocate(4 * SocketIo.BUFFER_SIZE);
        int asked = big.remaining();
        assertThat(io.write(p[0], big)).isLessThan(asked);
        epoll.writeBlocked(p[0]);
        epoll.set(p[0], false, true);
        assertThat(epoll.poll(0)).as("full").isZero();
        ByteBuffer sink = ByteBuffer.allocate(SocketIo.BUFFER_SIZE);
        while (io.read(p[1], sink.clear()) > 0) {
            // the peer takes everything
        }
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(epoll.readyEvents(0)).isEqualTo(WRITE);
        epoll.set(p[0], true, false);
        assertThat(epoll.poll(0)).as("still writable, no longer wanted").isZero();
        epoll.set(p[0], true, true);
        assertThat(epoll.poll(0)).as("wanted again, still writable").isEqualTo(1);
        assertThat(epoll.readyEvents(0)).isEqualTo(WRITE);
    }

    @Test
    void aPeerGoneWhileNothingIsWantedIsAReadOnceReadingResumes() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 3, true, false, false);
        epoll.set(p[0], false, false);
        sys.close(p[1]);
        fds.remove(Integer.valueOf(p[1]));
        assertThat(epoll.poll(0)).as("the hang-up is not wanted now").isZero();
        epoll.set(p[0], true, false);
        assertThat(epoll.poll(0)).isEqualTo(1);
        assertThat(epoll.readyEvents(0)).isEqualTo(READ);
        assertThat(read(p[0], ByteBuffer.allocate(8))).isEqualTo(-1);
    }

    @Test
    void interestChangesMakeNoEpollCtl() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 3, true, false, false);
        // on a closed fd every epoll_ctl fails (EBADF), which set() would throw: it makes none
        int fd = p[0];
        sys.close(fd);
        fds.remove(Integer.valueOf(fd));
        epoll.set(fd, false, true);
        epoll.set(fd, false, false);
        epoll.set(fd, true, true);
        epoll.remove(fd, 3);
    }

    @Test
    void aRemovedFdWhoseNumberComesBackIsReportedOnceForItsNewSlot() throws IOException {
        int[] p = pair();
        epoll.add(p[0], 3, true, false, false);
        send(p[1], 30);
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(read(p[0], ByteBuffer.allocate(30))).isEqualTo(30); // listed: maybe more
        epoll.remove(p[0], 3);
        sys.close(p[0]);
        sys.close(p[1]);
        fds.clear();
        int[] q = pair();
        assertThat(q[0]).as("the lowest free number comes back").isEqualTo(p[0]);
        epoll.add(q[0], 4, true, false, false);
        send(q[1], 60);
        assertThat(read(q[0], ByteBuffer.allocate(30))).isEqualTo(30); // before any wait: listed again, as the old one is
        assertThat(epoll.poll(1000)).isEqualTo(1);
        assertThat(epoll.readySlot(0)).isEqualTo(4);
    }

    @Test
    void aDescriptorTheApplicationAddsStaysLevelTriggered() throws IOException {
        String was = System.getProperty(EpollBackend.EDGE_TRIGGERED);
        System.setProperty(EpollBackend.EDGE_TRIGGERED, "true");
        try (EpollBackend backend = new EpollBackend()) {
            int[] p = pair();
            LoopTarget t = backend.target(new Loop(0, 16, backend), 3, p[0]);
            backend.register(t, READ);
            send(p[1], 10);
            assertThat(backend.poll(1000)).isEqualTo(1);
            // read with the application's own call, not through the target: the loop never learns it was short
            assertThat(io.read(p[0], ByteBuffer.allocate(64))).isEqualTo(10);
            assertThat(backend.poll(0)).as("nothing is left to read: reported again, the loop would spin").isZero();
        } finally {
            if (was == null) {
                System.clearProperty(EpollBackend.EDGE_TRIGGERED);
            } else {
                System.setProperty(EpollBackend.EDGE_TRIGGERED, was);
            }
        }
    }
}
