package io.picoev.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutWheelTest {

    private final List<Integer> fired = new ArrayList<>();
    private final TimeoutWheel wheel = new TimeoutWheel(1000, 1);

    @Test
    void firesAtTheDeadlineNotBefore() {
        wheel.arm(5, 9);
        wheel.expire(8, fired::add);
        assertThat(fired).isEmpty();
        wheel.expire(9, fired::add);
        assertThat(fired).containsExactly(5);
        assertThat(wheel.armed(5)).isFalse();
    }

    @Test
    void rearmingLaterMovesTheDeadline() {
        wheel.arm(7, 5);
        wheel.expire(4, fired::add);
        wheel.arm(7, 12); // a read pushed it forward
        wheel.expire(11, fired::add);
        assertThat(fired).isEmpty();
        wheel.expire(12, fired::add);
        assertThat(fired).containsExactly(7);
    }

    @Test
    void rearmingEarlierIsHonoured() {
        wheel.arm(3, 50);
        wheel.arm(3, 4);
        wheel.expire(4, fired::add);
        assertThat(fired).containsExactly(3);
    }

    @Test
    void disarmedNeverFires() {
        wheel.arm(64, 3);
        wheel.arm(65, 3);
        wheel.disarm(64);
        wheel.expire(10, fired::add);
        assertThat(fired).containsExactly(65);
    }

    @Test
    void deadlinesBeyondOneTurnWaitForIt() {
        wheel.arm(1, 1 + TimeoutWheel.SLOTS * 2 + 5);
        for (int now = 2; now < 1 + TimeoutWheel.SLOTS * 2 + 5; now++) {
            wheel.expire(now, fired::add);
        }
        assertThat(fired).isEmpty();
        wheel.expire(1 + TimeoutWheel.SLOTS * 2 + 5, fired::add);
        assertThat(fired).containsExactly(1);
    }

    @Test
    void aLongPauseFiresEverythingDue() {
        for (int slot = 0; slot < 1000; slot++) {
            wheel.arm(slot, 2 + slot % 300);
        }
        wheel.expire(1000, fired::add);
        assertThat(fired).hasSize(1000).doesNotHaveDuplicates();
    }

    @Test
    void aCallbackMayDisarmAnother() {
        wheel.arm(10, 3);
        wheel.arm(11, 3);
        wheel.expire(3, slot -> {
            fired.add(slot);
            wheel.disarm(slot == 10 ? 11 : 10);
        });
        assertThat(fired).hasSize(1);
    }

    /**
     * One bit per slot in each of the ring's {@value TimeoutWheel#SLOTS} vectors plus two ints: about 24 bytes a slot,
     * so a loop's wheel, allocated up front for the default 16,384 connections, is ~400 KB.
     */
    @Test
    void aSlotCostsAboutTwentyFourBytesOfHeap() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int capacity = 4_096;
        long before = mx.getCurrentThreadAllocatedBytes();
        TimeoutWheel large = new TimeoutWheel(capacity, 1);
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        large.arm(capacity - 1, 2);
        assertThat(large.armed(capacity - 1)).isTrue();
        assertThat((double) bytes / capacity).as("bytes per slot").isLessThan(32.0);
    }
}
