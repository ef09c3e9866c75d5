package io.picoev.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.Picoev;
import io.picoev.http.ChunkedEncoding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: a valid pipelined stream (GET, HEAD, Content-Length and chunked bodies, absolute-form
 * targets, bare-LF heads) split into any pieces over a real socket yields the same requests and
 * the same answers, in order, as the stream sent in one write. One case per seed.
 */
class PipelineSplitPropertyTest {

    private static Picoev server;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.start(Servers.oneLoop().maxRequestBodySize(1 << 20));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** One request of the stream and the answer it must get. */
    record Exchange(byte[] bytes, boolean head, int status, String body) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anySplitYieldsTheSameAnswers(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<Exchange> exchanges = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 1 + rnd.nextInt(30); i > 0; i--) {
            Exchange e = exchange(rnd);
            exchanges.add(e);
            stream.writeBytes(e.bytes);
        }
        byte[] all = stream.toByteArray();
        List<String> whole = answers(all, new int[0], exchanges);
        int[] cuts = cuts(all, rnd);
        List<String> split = answers(all, cuts, exchanges);
        assertThat(split).as("seed " + seed + ", cut at " + java.util.Arrays.toString(cuts)).isEqualTo(whole);
        for (int i = 0; i < exchanges.size(); i++) {
            Exchange e = exchanges.get(i);
            assertThat(whole.get(i)).as("seed " + seed + ", request " + i).isEqualTo(e.status + " " + e.body);
        }
    }

    /** Cut points: some anywhere, most next to a line end, where a head's parse must resume correctly. */
    private static int[] cuts(byte[] all, Random rnd) {
        List<Integer> lineEnds = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lineEnds.add(i);
            }
        }
        return java.util.stream.IntStream.range(0, 1 + rnd.nextInt(40))
            .map(i -> rnd.nextInt(4) == 0 ? rnd.nextInt(all.length) : lineEnds.get(rnd.nextInt(lineEnds.size())) + rnd.nextInt(5) - 2)
            .filter(c -> c > 0 && c < all.length).sorted().distinct().toArray();
    }

    private static Exchange exchange(Random rnd) {
        String eol = rnd.nextInt(6) == 0 ? "\n" : "\r\n";
        String host = "Host: 127.0.0.1" + eol;
        String target = rnd.nextInt(4) == 0 ? "http://127.0.0.1:8080/" : "/";
        switch (rnd.nextInt(5)) {
            case 0 -> {
                return new Exchange(ascii("GET " + target + "plaintext HTTP/1.1" + eol + host + eol), false, 200, "Hello, World!");
            }
            case 1 -> {
                return new Exchange(ascii("HEAD " + target + "plaintext HTTP/1.1" + eol + host + eol), true, 200, "");
            }
            case 2 -> {
                String q = "q" + rnd.nextInt(1000);
                String t = target + "path?" + q;
                return new Exchange(ascii("GET " + t + " HTTP/1.1" + eol + host + "X-Any: " + q + eol + eol), false, 200, t);
            }
            case 3 -> {
                String body = randomText(rnd, rnd.nextInt(3000));
                return new Exchange(ascii("POST " + target + "echo HTTP/1.1" + eol + host + "Content-Type: text/plain" + eol
                    + "Content-Length: " + body.length() + eol + eol + body), false, 200, body);
            }
            default -> {
                String body = randomText(rnd, rnd.nextInt(3000));
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(ascii("POST " + target + "echo HTTP/1.1" + eol + host + "Content-Type: text/plain" + eol
                    + "Transfer-Encoding: chunked" + eol + eol));
                b.writeBytes(ChunkedEncoding.encode(ascii(body), rnd));
                return new Exchange(b.toByteArray(), false, 200, body);
            }
        }
    }

    /** Sends {@code all}, cut at {@code cuts}, and reads one answer per exchange as "status body". */
    private static List<String> answers(byte[] all, int[] cuts, List<Exchange> exchanges) throws Exception {
        List<String> out = new ArrayList<>();
        try (RawClient c = new RawClient(server.port())) {
            int from = 0;
            for (int cut : cuts) {
                c.send(java.util.Arrays.copyOfRange(all, from, cut));
                Thread.sleep(1); // let some pieces arrive in reads of their own
                from = cut;
            }
            c.send(java.util.Arrays.copyOfRange(all, from, all.length));
            for (Exchange e : exchanges) {
                RawClient.Reply r = c.read(e.head);
                out.add(r.status() + " " + r.text());
            }
        }
        return out;
    }

    private static String randomText(Random rnd, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) (' ' + rnd.nextInt(95)));
        }
        return s.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
