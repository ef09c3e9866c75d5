package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.picoev.Picoev;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl, where the machine has it, as a client we did not write. */
class CurlTest {

    private static boolean curlInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "curl"))) {
                return true;
            }
        }
        return false;
    }

    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--http1.1", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void curlGetsPostsChunkedAndReusesTheConnection(@TempDir Path tmp) throws Exception {
        assumeTrue(curlInstalled(), "curl is not installed");
        try (Picoev server = Servers.start(Servers.oneLoop())) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(curl(base + "/plaintext")).isEqualTo("Hello, World!");

            Path body = tmp.resolve("body.bin");
            Files.write(body, "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
            assertThat(curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + body, base + "/echo"))
                .isEqualTo("x".repeat(100_000));
            assertThat(curl("-H", "Expect: 100-continue", "--data-binary", "@" + body, base + "/echo")).hasSize(100_000);

            String verbose = curl("-v", base + "/plaintext", base + "/path?again");
            assertThat(verbose).contains("Hello, World!").contains("/path?again").containsIgnoringCase("re-using existing");
            assertThat(Servers.stats(server).parseErrors()).isZero();
        }
    }
}
