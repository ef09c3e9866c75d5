package io.picoev.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: under any sequence of arm, re-arm, disarm and clock steps (short, across a turn of
 * the ring, or long pauses), the wheel fires exactly the slots a plain deadline table says are
 * due, each once, and {@code armed} agrees with the table. One case per seed.
 */
class TimeoutWheelModelTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void firesWhatADeadlineTableSaysIsDue(long seed) {
        Random rnd = new Random(seed);
        int capacity = 1 + rnd.nextInt(200);
        int now = 1 + rnd.nextInt(1000);
        TimeoutWheel wheel = new TimeoutWheel(capacity, now);
        int[] model = new int[capacity]; // deadline, 0 = none
        List<String> log = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            int op = rnd.nextInt(10);
            int slot = rnd.nextInt(capacity);
            if (op < 5) {
                int at = now + 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3 * TimeoutWheel.SLOTS) : rnd.nextInt(10));
                wheel.arm(slot, at);
                model[slot] = at;
                log.add("arm " + slot + " at " + at);
            } else if (op < 6) {
                wheel.disarm(slot);
                model[slot] = 0;
                log.add("disarm " + slot);
            } else {
                int step2 = rnd.nextInt(5) == 0 ? rnd.nextInt(3 * TimeoutWheel.SLOTS) : rnd.nextInt(4);
                int next = now + step2;
                TreeSet<Integer> fired = new TreeSet<>();
                int at = next;
                wheel.expire(next, s -> {
                    assertThat(fired.add(s)).as("seed %d: slot %d fired twice", seed, s).isTrue();
                    assertThat(wheel.armed(s)).as("disarmed before its callback").isFalse();
                });
                TreeSet<Integer> due = new TreeSet<>();
                if (next > now) {
                    for (int s = 0; s < capacity; s++) {
                        if (model[s] != 0 && model[s] <= at) {
                            due.add(s);
                            model[s] = 0;
                        }
                    }
                    now = next;
                }
                log.add("expire " + next);
                assertThat(fired).as("seed %d after %s", seed, tail(log)).isEqualTo(due);
            }
            for (int s = 0; s < capacity; s++) {
                assertThat(wheel.armed(s)).as("seed %d: armed(%d) after %s", seed, s, tail(log)).isEqualTo(model[s] != 0);
            }
        }
    }

    private static List<String> tail(List<String> log) {
        return log.subList(Math.max(0, log.size() - 8), log.size());
    }
}
