package io.picoev.loop.epoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code accept4} failing with {@code EMFILE}: a child JVM runs an epoll server under
 * {@code ulimit -n 128}, more clients connect than it has descriptors for, and the loop backs
 * off (a pause of about a second) instead of spinning on a listener that stays ready.
 */
class EmfileTest {

    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The child: an epoll server on a free loopback port, which it prints. */
    public static void main(String[] args) throws Exception {
        Picoev pv = Picoev.create(Config.builder().host("127.0.0.1").port(0).loops(1).transport(Transport.EPOLL)
            .handler((req, res) -> res.httpOk().plain().body("ok")).build()).start();
        System.out.println("port " + pv.port());
        pv.await();
    }

    @Test
    void outOfDescriptorsBacksOffWithoutSpinning() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String cmd = "ulimit -n 128 && exec '" + java + "' --enable-native-access=ALL-UNNAMED -Xmx64m -XX:TieredStopAtLevel=1"
            + " -cp '" + System.getProperty("java.class.path") + "' " + EmfileTest.class.getName();
        Process child = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        List<Socket> clients = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int port = -1;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("port ")) {
                    port = Integer.parseInt(line.substring(5));
                    break;
                }
            }
            assertThat(port).as("the child started").isPositive();
            Thread drain = Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { }));
            for (int i = 0; i < 300; i++) { // far past 128: the backlog keeps the rest, the listener stays ready
                clients.add(new Socket("127.0.0.1", port));
            }
            Thread.sleep(1500); // let it run into EMFILE
            long before = cpuMillis(child.pid());
            Thread.sleep(3000);
            long used = cpuMillis(child.pid()) - before;
            System.out.println("child CPU ms in 3 s while out of descriptors: " + used);
            // measured: backing off 0-10 ms; spinning on the ready listener over 1,000 ms even on a loaded 2-core machine
            assertThat(used).as("child CPU ms in 3 s while out of descriptors").isLessThan(300);
            for (Socket s : clients) {
                s.close();
            }
            clients.clear();
            try (Socket s = connectAndAsk(port)) { // recovered once descriptors are free
                assertThat(new String(s.getInputStream().readNBytes(15), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 200 OK");
            }
            drain.interrupt();
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Socket connectAndAsk(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(60_000); // queued behind the closed clients, which the server accepts and closes first
        s.getOutputStream().write(REQUEST);
        return s;
    }

    /** utime + stime of {@code pid} from {@code /proc/pid/stat}, in milliseconds (USER_HZ 100). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }
}
