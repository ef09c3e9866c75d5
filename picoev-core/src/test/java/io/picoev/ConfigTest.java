package io.picoev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.picoev.http.ErrorHandler;
import org.junit.jupiter.api.Test;

class ConfigTest {

    private final Config.Builder valid = Config.builder().handler((req, res) -> res.http404());

    @Test
    void defaultsAreTheSeeds() {
        Config c = valid.build();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.timeoutSecs()).isEqualTo(8);
        assertThat(c.maxHeaders()).isEqualTo(100);
        assertThat(c.maxRead()).isEqualTo(4096);
        assertThat(c.maxWrite()).isEqualTo(8192);
        assertThat(c.backlog()).isEqualTo(Picoev.MAX_QUEUE);
        assertThat(c.loops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.maxConnections()).isGreaterThanOrEqualTo(10_000);
        assertThat(c.errorHandler()).isSameAs(ErrorHandler.DEFAULT);
        assertThat(c.serverHeader()).isEqualTo("picoev");
    }

    @Test
    void constantsAreTheSeeds() {
        assertThat(new int[] {Picoev.READ, Picoev.WRITE, Picoev.TIMEOUT, Picoev.READWRITE, Picoev.ADD, Picoev.DEL,
            Picoev.MAX_FDS, Picoev.MAX_QUEUE}).containsExactly(1, 2, 4, 3, 0x40000000, 0x20000000, 1024, 4096);
    }

    @Test
    void wrongValuesNameTheField() {
        assertThatThrownBy(() -> valid.port(70_000).build()).hasMessage("Config.port must be between 0 and 65535 but was 70000");
        assertThatThrownBy(() -> Config.builder().handler((q, r) -> { }).maxRead(10).build()).hasMessageContaining("Config.maxRead");
        assertThatThrownBy(() -> Config.builder().handler((q, r) -> { }).loops(0).build()).hasMessageContaining("Config.loops");
        assertThatThrownBy(() -> Config.builder().handler((q, r) -> { }).timeoutSecs(-1).build()).hasMessageContaining("Config.timeout ");
        assertThatThrownBy(() -> Config.builder().build()).hasMessageContaining("Config.handler");
        assertThatThrownBy(() -> Config.builder().handler((q, r) -> { }).rawHandler((p, t, e) -> { }).build())
            .hasMessageContaining("Config.rawHandler");
        assertThatThrownBy(() -> Config.builder().handler((q, r) -> { }).serverHeader("a\r\nb").build())
            .hasMessageContaining("Config.serverHeader");
    }

    @Test
    void toBuilderCopiesEverything() {
        Config c = valid.port(0).loops(3).maxRequestBodySize(5).userData("u").build();
        Config d = c.toBuilder().build();
        assertThat(d).usingRecursiveComparison().isEqualTo(c);
    }
}
