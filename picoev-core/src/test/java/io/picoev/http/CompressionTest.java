package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Accept-Encoding weights (RFC 9110 §12.5.3) and media-type matching of {@link Compression}. */
class CompressionTest {

    @Test
    void gzipIsAcceptedByNameAliasOrWildcardUnlessItsWeightIsZero() {
        assertThat(Compression.acceptsGzip("gzip")).isTrue();
        assertThat(Compression.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
        assertThat(Compression.acceptsGzip("x-gzip")).isTrue();
        assertThat(Compression.acceptsGzip("br, *")).isTrue();
        assertThat(Compression.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(Compression.acceptsGzip("gzip; q=0.000, *")).isFalse();
        assertThat(Compression.acceptsGzip("*;q=0")).isFalse();
        assertThat(Compression.acceptsGzip("gzip;q=abc")).isFalse();
        assertThat(Compression.acceptsGzip("br, identity")).isFalse();
        assertThat(Compression.acceptsGzip("")).isFalse();
        assertThat(Compression.acceptsGzip(null)).isFalse();
    }

    @Test
    void mediaTypesMatchWithoutParametersOrCaseAndWithWildcards() {
        Compression c = new Compression(0, List.of("text/*", "application/json"));
        assertThat(c.compresses("Application/JSON; charset=utf-8")).isTrue();
        assertThat(c.compresses("text/csv")).isTrue();
        assertThat(c.compresses("application/octet-stream")).isFalse();
        assertThat(c.compresses(null)).isFalse();
    }
}
