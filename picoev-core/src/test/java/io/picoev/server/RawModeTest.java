package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.Target;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Raw mode: no HTTP, the callback reads, writes and closes through the target. */
class RawModeTest {

    @Test
    void echoServer() throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(4096); // one loop: one buffer is enough
        Config.Builder echo = Config.builder().loops(1).rawHandler((pv, t, events) -> {
            if ((events & Picoev.TIMEOUT) != 0) {
                pv.closeConn(t);
                return;
            }
            buf.clear();
            int n = t.read(buf);
            if (n < 0) {
                pv.closeConn(t);
                return;
            }
            buf.flip();
            t.write(buf);
        });
        try (Picoev server = Servers.start(echo); RawClient c = new RawClient(server.port())) {
            for (String s : new String[] {"hello", "GET / HTTP/1.1\r\n\r\n", "\0\1\2 not http at all"}) {
                c.send(s);
                assertThat(new String(c.input().readNBytes(s.length()), StandardCharsets.ISO_8859_1)).isEqualTo(s);
            }
        }
    }

    @Test
    void lineProtocolWithPerConnectionStateAndTimeout() throws Exception {
        AtomicInteger timeouts = new AtomicInteger();
        Config.Builder lines = Config.builder().loops(1).timeoutSecs(1).rawHandler((pv, t, events) -> {
            if ((events & Picoev.TIMEOUT) != 0) {
                timeouts.incrementAndGet();
                write(t, "BYE idle\n");
                pv.closeConn(t);
                return;
            }
            StringBuilder pendingLine = t.attachment() == null ? new StringBuilder() : (StringBuilder) t.attachment();
            t.attach(pendingLine);
            ByteBuffer in = ByteBuffer.allocate(256);
            int n = t.read(in);
            if (n < 0) {
                pv.closeConn(t);
                return;
            }
            for (int i = 0; i < n; i++) {
                char c = (char) in.get(i);
                if (c != '\n') {
                    pendingLine.append(c);
                    continue;
                }
                String line = pendingLine.toString().trim();
                pendingLine.setLength(0);
                if (line.equals("QUIT")) {
                    write(t, "BYE\n");
                    pv.closeConn(t);
                    return;
                }
                write(t, "OK " + line.length() + " " + line + "\n");
            }
        });
        try (Picoev server = Servers.start(lines)) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                out.print("hel");
                out.flush();
                out.print("lo\nworld\n");
                out.flush();
                assertThat(in.readLine()).isEqualTo("OK 5 hello");
                assertThat(in.readLine()).isEqualTo("OK 5 world");
                out.print("QUIT\n");
                out.flush();
                assertThat(in.readLine()).isEqualTo("BYE");
                assertThat(in.readLine()).isNull();
            }
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("BYE idle");
            }
            assertThat(timeouts).hasValue(1);
            assertThat(Servers.eventually(Duration.ofSeconds(5), () -> server.openConnections() == 0)).isTrue();
        }
    }

    private static void write(Target t, String s) throws java.io.IOException {
        t.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
    }
}
