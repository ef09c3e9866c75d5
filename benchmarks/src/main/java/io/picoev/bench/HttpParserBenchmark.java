package io.picoev.bench;

import io.picoev.http.HttpParser;
import io.picoev.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parse cost of a request head, as picohttpparser's {@code bench.c} measures it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpParserBenchmark {

    /** The TechEmpower plaintext request. */
    private final byte[] plaintext = ("GET /plaintext HTTP/1.1\r\nHost: server\r\nAccept: text/plain,text/html;q=0.9,"
        + "application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7\r\nConnection: keep-alive\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);

    /** picohttpparser's bench.c request: a browser's, 9 headers. */
    private final byte[] browser = ("GET /wp-content/uploads/2010/03/hello-kitty-darth-vader-pink.jpg HTTP/1.1\r\n"
        + "Host: www.kittyhell.com\r\n"
        + "User-Agent: Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10.6; ja-JP-mac; rv:1.9.2.3) Gecko/20100401 Firefox/3.6.3 "
        + "Pathtraq/0.9\r\n"
        + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
        + "Accept-Language: ja,en-us;q=0.7,en;q=0.3\r\n"
        + "Accept-Encoding: gzip,deflate\r\n"
        + "Accept-Charset: Shift_JIS,utf-8;q=0.7,*;q=0.7\r\n"
        + "Keep-Alive: 115\r\n"
        + "Connection: keep-alive\r\n"
        + "Cookie: wp_ozh_wsa_visits=2; wp_ozh_wsa_visit_lasttime=xxxxxxxxxx; "
        + "__utma=xxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.x; "
        + "__utmz=xxxxxxxxx.xxxxxxxxxx.x.x.utmccn=(referral)|utmcsr=reader.livedoor.com|utmcct=/reader/|utmcmd=referral\r\n"
        + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final Request request = new Request(100);

    /** The plaintext benchmark's request. */
    @Benchmark
    public int plaintext() {
        return HttpParser.parseRequest(plaintext, 0, plaintext.length, request, 0);
    }

    /** A browser request with long headers. */
    @Benchmark
    public int browser() {
        return HttpParser.parseRequest(browser, 0, browser.length, request, 0);
    }
}
