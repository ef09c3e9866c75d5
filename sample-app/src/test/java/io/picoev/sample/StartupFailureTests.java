package io.picoev.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a user reads when the app cannot start: Boot's failure report, naming the property. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

    @Test
    void busyPortNamesThePortAndTheProperty(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            // command-line arguments: SpringApplicationBuilder.properties() are defaults, below application.yml
            assertThatThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class).run("--picoev.port=" + port).close())
                .isNotNull();
            assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("picoev failed to start: port " + port + " is already in use")
                .contains("or set picoev.port to another port");
        }
    }

    @Test
    void wrongValueNamesTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class)
            .run("--picoev.port=0", "--picoev.max-read=10").close()).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("picoev.max-read")
            .contains("must be between 256");
    }
}
