package io.picoev.loop;

/**
 * Per-connection inactivity deadlines in ticks (the loop's clock unit), as C picoev keeps them in seconds: a ring of
 * {@value #SLOTS} bit vectors, one per tick, each bit a slot of the loop's table. Arming,
 * re-arming and disarming are O(1); each tick the loop looks at one vector.
 *
 * <p>Re-arming to a later deadline (every read does it) only stores the new deadline: the slot
 * stays in its vector and is moved when that vector comes up. Loop-confined.
 */
final class TimeoutWheel {

    /** Ticks in one turn of the ring; longer deadlines wait a turn or more. */
    static final int SLOTS = 128;
    private static final int MASK = SLOTS - 1;

    /** Called for each slot whose deadline passed. */
    interface Expiry {
        /** {@code slot}'s deadline passed; it is disarmed already. */
        void expired(int slot);
    }

    private final long[][] vectors;
    /** Deadline of each slot, in ticks; 0 when not armed. */
    private final int[] deadline;
    /** The latest tick at which the slot's vector will be looked at; 0 when in none. */
    private final int[] filedAt;
    private int last;

    /** A wheel for slots {@code [0, capacity)}, whose clock stands at {@code now}. */
    TimeoutWheel(int capacity, int now) {
        this.vectors = new long[SLOTS][(capacity + 63) >>> 6];
        this.deadline = new int[capacity];
        this.filedAt = new int[capacity];
        this.last = now;
    }

    /** Sets {@code slot}'s deadline to tick {@code at} (which must be after the last {@link #expire}). */
    void arm(int slot, int at) {
        int filed = filedAt[slot];
        deadline[slot] = at;
        if (filed != 0 && filed <= at) {
            return; // looked at before the deadline anyway, and moved then
        }
        if (filed != 0) {
            clear(filed & MASK, slot);
        }
        file(slot, at);
    }

    /** Clears {@code slot}'s deadline. */
    void disarm(int slot) {
        int filed = filedAt[slot];
        if (filed != 0) {
            clear(filed & MASK, slot);
            filedAt[slot] = 0;
        }
        deadline[slot] = 0;
    }

    /** Whether {@code slot} has a deadline. */
    boolean armed(int slot) {
        return deadline[slot] != 0;
    }

    /** Fires every slot whose deadline is at or before {@code now}. */
    void expire(int now, Expiry expiry) {
        if (now <= last) {
            return;
        }
        int from = now - last > SLOTS ? now - SLOTS + 1 : last + 1;
        last = now;
        for (int s = from; s <= now; s++) {
            visit(s & MASK, now, expiry);
        }
    }

    private void visit(int bucket, int now, Expiry expiry) {
        long[] v = vectors[bucket];
        for (int w = 0; w < v.length; w++) {
            long bits = v[w];
            while (bits != 0) {
                long bit = Long.lowestOneBit(bits);
                bits &= bits - 1;
                if ((v[w] & bit) == 0) {
                    continue; // an earlier callback disarmed it
                }
                int slot = (w << 6) | Long.numberOfTrailingZeros(bit);
                int d = deadline[slot];
                if (d <= now) {
                    v[w] &= ~bit;
                    filedAt[slot] = 0;
                    deadline[slot] = 0;
                    expiry.expired(slot);
                } else if ((d & MASK) != bucket) {
                    v[w] &= ~bit;
                    file(slot, d);
                } else {
                    filedAt[slot] = d; // same vector, a later turn
                }
            }
        }
    }

    private void file(int slot, int at) {
        vectors[at & MASK][slot >>> 6] |= 1L << slot;
        filedAt[slot] = at;
    }

    private void clear(int bucket, int slot) {
        vectors[bucket][slot >>> 6] &= ~(1L << slot);
    }
}
