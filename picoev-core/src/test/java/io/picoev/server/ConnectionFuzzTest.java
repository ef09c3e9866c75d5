package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.picoev.Picoev;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes a whole connection (Jazzer): a real server on loopback fed arbitrary bytes in
 * arbitrary splits by a socket, then a half-close. The server must answer with well-formed
 * responses only, never a 500 (the test handlers do not fail), close once the client is done
 * (no hang), and go on serving the next client.
 */
class ConnectionFuzzTest {

    private static Picoev server;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.start(Servers.oneLoop().maxRequestBodySize(4096).maxRequestHeaderSize(2048).maxHeaders(16)
            .handler((req, res) -> {
                if (req.isPath("/echo")) {
                    res.send(200, "application/octet-stream", req.body());
                } else if (req.isPath("/plaintext")) {
                    res.httpOk().plain().body("Hello, World!");
                } else {
                    res.send(404, "text/plain", req.target());
                }
            }));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "2m")
    void connection(FuzzedDataProvider data) throws Exception {
        int splits = data.consumeInt(0, 6);
        int[] sizes = new int[splits];
        for (int i = 0; i < splits; i++) {
            sizes[i] = data.consumeInt(1, 512);
        }
        byte[] input = data.consumeRemainingAsBytes();
        long handlerErrors = Servers.stats(server).handlerErrors();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            int pos = 0;
            try {
                for (int i = 0; i < splits && pos < input.length; i++) {
                    int n = Math.min(sizes[i], input.length - pos);
                    out.write(input, pos, n);
                    out.flush();
                    pos += n;
                }
                out.write(input, pos, input.length - pos);
                out.flush();
                s.shutdownOutput();
            } catch (IOException refusedAndClosed) {
                // the server answered a refusal and stopped listening: what it sent is still checked
            }
            byte[] answer = readToEnd(s.getInputStream());
            checkResponses(answer);
        }
        assertThat(Servers.stats(server).handlerErrors()).as("no handler error").isEqualTo(handlerErrors);
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("Hello, World!");
        }
    }

    /** Reads until the server closes; a hang past the socket timeout fails. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) != -1; ) {
                b.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed within 10 s", e);
        } catch (IOException reset) {
            // a reset after the answers is allowed: the client sent bytes after a refusal
        }
        return b.toByteArray();
    }

    /** Every response: a status line with a known status, headers, a body framed by Content-Length. */
    private static void checkResponses(byte[] a) {
        int p = 0;
        while (p < a.length) {
            int headEnd = indexOf(a, p, "\r\n\r\n");
            if (headEnd < 0) {
                return; // a reset cut the last answer short
            }
            String head = new String(a, p, headEnd - p, StandardCharsets.ISO_8859_1);
            assertThat(head).startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(head.substring(9, 12));
            assertThat(status).as(head).isNotEqualTo(500).isBetween(100, 599);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            p = headEnd + 4;
            // a HEAD answer announces a length it does not send: take the body only if an answer or the end follows it
            if (length > 0 && !head.startsWith("HTTP/1.1 1") && (p + length == a.length || startsWith(a, p + length, "HTTP/1.1 ")
                    || !startsWith(a, p, "HTTP/1.1 "))) {
                p += length;
            }
        }
    }

    private static boolean startsWith(byte[] a, int at, String s) {
        if (at + s.length() > a.length) {
            return false;
        }
        for (int j = 0; j < s.length(); j++) {
            if (a[at + j] != s.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, int from, String s) {
        outer:
        for (int i = from; i + s.length() <= a.length; i++) {
            for (int j = 0; j < s.length(); j++) {
                if (a[i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
