package io.picoev.http;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Date} header value in IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}),
 * formatted into a fixed 29-byte array at most once a second and never allocating.
 * One instance per loop thread: it is not thread-safe.
 */
public final class HttpDate {

    /** Length of an IMF-fixdate. */
    public static final int LENGTH = 29;

    private static final byte[] DAYS = "ThuFriSatSunMonTueWed".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec".getBytes(StandardCharsets.US_ASCII);

    private final byte[] value = new byte[LENGTH];
    private long second = Long.MIN_VALUE;

    /** A date not yet set: call {@link #update} before {@link #bytes}. */
    public HttpDate() {
    }

    /** The formatted date of the last {@link #update}; the array is rewritten in place. */
    public byte[] bytes() {
        return value;
    }

    /** Reformats the date if {@code epochMillis} falls in another second than the last call. */
    public void update(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            second = s;
            format(s, value);
        }
    }

    /** Writes the IMF-fixdate of {@code epochSecond} into {@code out[0, 29)}. */
    static void format(long epochSecond, byte[] out) {
        long days = Math.floorDiv(epochSecond, 86400);
        int secOfDay = Math.floorMod(epochSecond, 86400);
        int dow = Math.floorMod(days, 7); // 1970-01-01 was a Thursday
        // civil-from-days (Howard Hinnant's algorithm)
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);

        System.arraycopy(DAYS, dow * 3, out, 0, 3);
        out[3] = ',';
        out[4] = ' ';
        two(out, 5, day);
        out[7] = ' ';
        System.arraycopy(MONTHS, (month - 1) * 3, out, 8, 3);
        out[11] = ' ';
        two(out, 12, (int) (year / 100));
        two(out, 14, (int) (year % 100));
        out[16] = ' ';
        two(out, 17, secOfDay / 3600);
        out[19] = ':';
        two(out, 20, secOfDay / 60 % 60);
        out[22] = ':';
        two(out, 23, secOfDay % 60);
        out[25] = ' ';
        out[26] = 'G';
        out[27] = 'M';
        out[28] = 'T';
    }

    private static void two(byte[] out, int at, int v) {
        out[at] = (byte) ('0' + v / 10);
        out[at + 1] = (byte) ('0' + v % 10);
    }
}
