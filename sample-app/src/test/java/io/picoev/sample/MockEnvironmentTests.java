package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.autoconfigure.LocalPicoevPort;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** A default (MOCK) @SpringBootTest does not take application.yml's port 8080, which the running app may hold. */
@SpringBootTest
class MockEnvironmentTests {

    @LocalPicoevPort
    int port;

    @Test
    void bindsAFreePortInsteadOfTheConfiguredOne() {
        assertThat(port).isPositive().isNotEqualTo(8080);
    }
}
