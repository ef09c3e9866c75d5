package io.picoev.loop.epoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Config;
import io.picoev.InvalidConfigException;
import io.picoev.Picoev;
import io.picoev.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The transport choice in a child JVM with and without {@code --enable-native-access}: auto
 * never fails and never makes the JDK warn about a restricted call; epoll fails and says why.
 */
class TransportChoiceTest {

    /** The child: creates a server on the transport named by {@code args[0]} and prints which one it got. */
    public static void main(String[] args) throws Exception {
        try (Picoev pv = Picoev.create(Config.builder().host("127.0.0.1").port(0).loops(1)
                .transport(Transport.valueOf(args[0])).handler((req, res) -> res.http404()).build())) {
            System.out.println("transport " + pv.transport());
        } catch (InvalidConfigException e) {
            System.out.println("failed " + e.getMessage());
        }
    }

    private static String child(boolean nativeAccess, Transport transport) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        if (nativeAccess) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            TransportChoiceTest.class.getName(), transport.name()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void autoWithoutNativeAccessRunsOnNioWithoutAWarning() throws Exception {
        String out = child(false, Transport.AUTO);
        assertThat(out).contains("transport nio").doesNotContainIgnoringCase("warning");
    }

    @Test
    void autoWithNativeAccessRunsOnEpoll() throws Exception {
        assertThat(child(true, Transport.AUTO)).contains("transport epoll");
    }

    @Test
    void epollWithoutNativeAccessFailsSayingHowToEnableIt() throws Exception {
        assertThat(child(false, Transport.EPOLL)).contains("failed Config.transport")
            .contains("--enable-native-access=ALL-UNNAMED").contains("Enable-Native-Access: ALL-UNNAMED")
            .doesNotContainIgnoringCase("warning");
    }
}
