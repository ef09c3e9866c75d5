package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 §4: when accepting cannot go on (the loop's connection limit, or no file descriptors
 * left: EMFILE), the loop backs off instead of spinning on a listener that stays ready, serves
 * again once connections close, and its open-connection gauge returns to where it was. Runs
 * the server in a child JVM so that its descriptor limit and CPU time are its own.
 */
class AcceptBackOffTest {

    @Test
    void outOfFileDescriptorsBacksOffAndRecovers() throws Exception {
        backsOffAndRecovers(64, 10_000);
    }

    @Test
    void atTheConnectionLimitBacksOffAndRecovers() throws Exception {
        backsOffAndRecovers(4096, 5);
    }

    private static void backsOffAndRecovers(int fdLimit, int maxConnections) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$0\" -cp \"$1\" "
                + FdLimitServer.class.getName() + " " + maxConnections, java, System.getProperty("java.class.path"))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Socket> flood = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("child started").startsWith("port ");
            int port = Integer.parseInt(line.substring(5));
            for (int i = 0; i < 200; i++) { // warm the handler up, so the JIT is quiet when CPU is measured
                try (RawClient c = new RawClient(port)) {
                    c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(c.read().status()).isEqualTo(200);
                }
            }
            assertThat(open(port)).isEqualTo(1);

            // more connections than the child can take: the rest wait in the backlog
            for (int i = 0; i < 150; i++) {
                flood.add(new Socket("127.0.0.1", port));
            }
            Thread.sleep(500);
            long before = cpuTicks(child.pid());
            Thread.sleep(2000);
            long used = cpuTicks(child.pid()) - before;
            // spinning on a ready listener burns a whole core: 200 ticks in 2 s
            assertThat(used).as("CPU ticks (1/100 s) the child used in 2 s while it could not accept").isLessThan(60);

            for (Socket s : flood) {
                s.close();
            }
            flood.clear();
            // service resumes and the gauge comes back to its baseline (the asking connection only)
            assertThat(Servers.eventually(Duration.ofSeconds(15), () -> open(port) == 1)).isTrue();
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** Connections the child has open, asked over a new connection; -1 when it does not answer. */
    private static long open(int port) {
        try (RawClient c = new RawClient(port)) {
            c.socket.setSoTimeout(3000);
            c.send("GET /open HTTP/1.1\r\nHost: x\r\n\r\n");
            return Long.parseLong(c.read().text());
        } catch (Exception e) {
            return -1;
        }
    }

    /** utime + stime of process {@code pid}, in clock ticks. */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
