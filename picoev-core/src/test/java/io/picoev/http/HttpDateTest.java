package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    private static final DateTimeFormatter IMF_FIXDATE =
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @Test
    void formatsImfFixdateLikeJavaTime() {
        long[] seconds = {0, 784111777L, 951782400L /* 2000-02-29 */, 1767225599L, 4102444800L, 1_000_000_000L};
        byte[] out = new byte[HttpDate.LENGTH];
        for (long s : seconds) {
            HttpDate.format(s, out);
            assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(IMF_FIXDATE.format(Instant.ofEpochSecond(s)));
        }
        // a day's worth of seconds, every 7 minutes and 13 seconds, through a leap-year end
        for (long s = 1_735_603_200L; s < 1_735_603_200L + 86_400 * 3; s += 433) {
            HttpDate.format(s, out);
            assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(IMF_FIXDATE.format(Instant.ofEpochSecond(s)));
        }
    }

    @Test
    void updatesInPlaceOncePerSecond() {
        HttpDate date = new HttpDate();
        date.update(784111777_000L);
        byte[] first = date.bytes();
        String before = new String(first, StandardCharsets.US_ASCII);
        date.update(784111777_999L);
        assertThat(new String(date.bytes(), StandardCharsets.US_ASCII)).isEqualTo(before);
        date.update(784111778_000L);
        assertThat(date.bytes()).isSameAs(first);
        assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("Sun, 06 Nov 1994 08:49:38 GMT");
    }
}
