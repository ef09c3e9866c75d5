package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * picohttpparser's own request cases ({@code test.c}, {@code test_request}), one row each, plus
 * the RFC 9112 refusals we add. Every case runs whole, at the very end of its array (our guard
 * page), and, for the complete ones, fed one byte at a time.
 */
class HttpParserTest {

    static Stream<Arguments> picohttpparserCases() {
        return Stream.of(
            // input, lastLen, expected (0 = whole input consumed), comment
            Arguments.of("GET / HTTP/1.0\r\n\r\n", 0, 0, "simple"),
            Arguments.of("GET / HTTP/1.0\r\n\r", 0, -2, "partial"),
            Arguments.of("GET /hoge HTTP/1.1\r\nHost: example.com\r\nCookie: \r\n\r\n", 0, 0, "parse headers"),
            Arguments.of("GET /hoge HTTP/1.1\r\nHost: example.com\r\nUser-Agent: \343\201\262\343/1.0\r\n\r\n", 0, 0,
                "multibyte included"),
            // picohttpparser accepts obs-fold; RFC 9112 §5.2 lets a server reject it, and we do
            Arguments.of("GET / HTTP/1.0\r\nfoo: \r\nfoo: b\r\n  \tc\r\n\r\n", 0, -1, "parse multiline (obs-fold refused)"),
            Arguments.of("GET / HTTP/1.0\r\nfoo : ab\r\n\r\n", 0, -1, "parse header name with trailing space"),
            Arguments.of("GET", 0, -2, "incomplete 1"),
            Arguments.of("GET ", 0, -2, "incomplete 2"),
            Arguments.of("GET /", 0, -2, "incomplete 3"),
            Arguments.of("GET / ", 0, -2, "incomplete 4"),
            Arguments.of("GET / H", 0, -2, "incomplete 5"),
            Arguments.of("GET / HTTP/1.", 0, -2, "incomplete 6"),
            Arguments.of("GET / HTTP/1.0", 0, -2, "incomplete 7"),
            Arguments.of("GET / HTTP/1.0\r", 0, -2, "incomplete 8"),
            Arguments.of("GET /hoge HTTP/1.0\r\n\r", "GET /hoge HTTP/1.0\r\n\r".length() - 1, -2, "slowloris (incomplete)"),
            Arguments.of("GET /hoge HTTP/1.0\r\n\r\n", "GET /hoge HTTP/1.0\r\n\r\n".length() - 1, 0, "slowloris (complete)"),
            Arguments.of("GET / HTTP/1.0\r\n:a\r\n\r\n", 0, -1, "empty header name"),
            Arguments.of("GET / HTTP/1.0\r\n :a\r\n\r\n", 0, -1, "header name (space only)"),
            Arguments.of("G\0T / HTTP/1.0\r\n\r\n", 0, -1, "NUL in method"),
            Arguments.of("G\tT / HTTP/1.0\r\n\r\n", 0, -1, "tab in method"),
            Arguments.of("GET /\u007fhello HTTP/1.0\r\n\r\n", 0, -1, "DEL in uri-path"),
            Arguments.of("GET / HTTP/1.0\r\na\0b: c\r\n\r\n", 0, -1, "NUL in header name"),
            Arguments.of("GET / HTTP/1.0\r\nab: c\0d\r\n\r\n", 0, -1, "NUL in header value"),
            Arguments.of("GET /\u00a0 HTTP/1.0\r\nh: c\u00a2y\r\n\r\n", 0, 0, "accept MSB chars"));
    }

    static Stream<Arguments> strictCases() {
        return Stream.of(
            Arguments.of("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400, "bare CR in a header value"),
            Arguments.of("GET / HTTP/1.1\rHost: a\r\n\r\n", 400, "bare CR after the request line"),
            Arguments.of("GET / HTTP/2.0\r\n\r\n", 505, "HTTP/2 on an HTTP/1 port"),
            Arguments.of("GET / HTTP/3.1\r\n\r\n", 505, "unknown major version"),
            Arguments.of("GET / HTTP/1.x\r\n\r\n", 400, "minor version not a digit"),
            Arguments.of("GET / FTP/1.0\r\n\r\n", 400, "not HTTP"),
            Arguments.of(" / HTTP/1.0\r\n\r\n", 400, "empty method"),
            Arguments.of("GET  HTTP/1.0\r\n\r\n", 400, "empty request-target"),
            Arguments.of("G{T / HTTP/1.0\r\n\r\n", 400, "non-token in method"),
            Arguments.of("GET / HTTP/1.0\r\nx\u0001y: z\r\n\r\n", 400, "CTL in header name"),
            Arguments.of("GET / HTTP/1.0\r\nab: c\u001b\r\n\r\n", 400, "CTL in header value"),
            Arguments.of("GET / HTTP/1.0\r\nH: 1\r\nH: 2\r\nH: 3\r\nH: 4\r\nH: 5\r\n\r\n", 431, "more headers than room"),
            // request-target forms (RFC 9112 §3.2): each only where it belongs
            Arguments.of("GET example.com:80 HTTP/1.1\r\n\r\n", 400, "authority-form without CONNECT"),
            Arguments.of("GET * HTTP/1.1\r\n\r\n", 400, "asterisk-form without OPTIONS"),
            Arguments.of("OPTIONS ** HTTP/1.1\r\n\r\n", 400, "asterisk and more"),
            Arguments.of("CONNECT / HTTP/1.1\r\n\r\n", 400, "CONNECT with origin-form"),
            Arguments.of("CONNECT http://a:1/ HTTP/1.1\r\n\r\n", 400, "CONNECT with absolute-form"),
            Arguments.of("CONNECT example.com HTTP/1.1\r\n\r\n", 400, "CONNECT without port"),
            Arguments.of("CONNECT example.com: HTTP/1.1\r\n\r\n", 400, "CONNECT with empty port"),
            Arguments.of("CONNECT :443 HTTP/1.1\r\n\r\n", 400, "CONNECT without host"),
            Arguments.of("CONNECT a:44x HTTP/1.1\r\n\r\n", 400, "CONNECT port not digits"),
            Arguments.of("CONNECT u@a:1 HTTP/1.1\r\n\r\n", 400, "CONNECT with userinfo"),
            Arguments.of("GET plaintext HTTP/1.1\r\n\r\n", 400, "relative path"),
            Arguments.of("GET ftp://a/b HTTP/1.1\r\n\r\n", 400, "absolute-form, not http"),
            Arguments.of("GET httpx://a/b HTTP/1.1\r\n\r\n", 400, "absolute-form, scheme only starts like http"),
            Arguments.of("GET http:/a/b HTTP/1.1\r\n\r\n", 400, "absolute-form without //"),
            Arguments.of("GET http:// HTTP/1.1\r\n\r\n", 400, "absolute-form with empty authority"),
            Arguments.of("GET http:///p HTTP/1.1\r\n\r\n", 400, "absolute-form with empty host"),
            Arguments.of("GET http://:80/p HTTP/1.1\r\n\r\n", 400, "absolute-form with only a port"),
            Arguments.of("GET http://u@a/p HTTP/1.1\r\n\r\n", 400, "absolute-form with userinfo"),
            Arguments.of("GET http://a:b/p HTTP/1.1\r\n\r\n", 400, "absolute-form port not digits"),
            Arguments.of("GET http://[::1/p HTTP/1.1\r\n\r\n", 400, "absolute-form IP-literal unclosed"),
            Arguments.of("GET http://a#f HTTP/1.1\r\n\r\n", 400, "absolute-form with a fragment after the host"),
            Arguments.of("PRI * HTTP/2.0\r\n\r\n", 505, "HTTP/2 preface: the version decides before the target"));
    }

    static Stream<Arguments> targets() {
        return Stream.of(
            // method, target, path(), query() (null: none), comment
            Arguments.of("GET", "/plaintext", "/plaintext", null, "origin-form"),
            Arguments.of("GET", "/a?b=1&c", "/a", "b=1&c", "origin-form with query"),
            Arguments.of("GET", "/a?", "/a", "", "origin-form with empty query"),
            Arguments.of("GET", "/a?b?c", "/a", "b?c", "query holds the second ?"),
            Arguments.of("GET", "http://127.0.0.1:8080/plaintext", "/plaintext", null, "absolute-form"),
            Arguments.of("GET", "HTTPS://Example.COM/p?q=1", "/p", "q=1", "absolute-form, https, any case"),
            Arguments.of("GET", "http://example.com", "/", null, "absolute-form, empty path is /"),
            Arguments.of("GET", "http://example.com?x", "/", "x", "absolute-form, empty path with query"),
            Arguments.of("GET", "http://[::1]:80/p", "/p", null, "absolute-form, IPv6 literal"),
            Arguments.of("GET", "http://a.b-c_d~e%41:/p", "/p", null, "absolute-form, reg-name, empty port"),
            Arguments.of("OPTIONS", "*", "*", null, "asterisk-form"),
            Arguments.of("OPTIONS", "/x", "/x", null, "OPTIONS with origin-form"),
            Arguments.of("CONNECT", "example.com:443", "", null, "authority-form"),
            Arguments.of("CONNECT", "[2001:db8::1]:443", "", null, "authority-form, IPv6 literal"),
            Arguments.of("CONNECT", "10.0.0.1:1", "", null, "authority-form, IPv4"));
    }

    @ParameterizedTest(name = "{4}")
    @MethodSource("targets")
    void findsThePathAndQueryOfEveryTargetForm(String method, String target, String path, String query, String comment) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: h\r\n\r\n";
        byte[] bytes = bytes(head);
        // at the very end of a larger array, after bytes that look like a target: offsets must be honoured
        byte[] shifted = new byte[bytes.length + 5];
        System.arraycopy(bytes(" /x?y"), 0, shifted, 0, 5);
        System.arraycopy(bytes, 0, shifted, 5, bytes.length);
        Request req = new Request(4);
        assertThat(HttpParser.parseRequest(shifted, 5, bytes.length, req, 0)).as(comment).isEqualTo(bytes.length);
        assertThat(req.target()).as(comment).isEqualTo(target);
        assertThat(req.path()).as(comment).isEqualTo(path);
        assertThat(req.isPath(path)).as(comment).isTrue();
        assertThat(req.query()).as(comment).isEqualTo(query);
        assertThat(req.queryOffset() < 0).as(comment).isEqualTo(query == null);
        Request copy = req.copy();
        assertThat(copy.target()).isEqualTo(target);
        assertThat(copy.path()).isEqualTo(path);
        assertThat(copy.query()).isEqualTo(query);
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("picohttpparserCases")
    void parsesLikePicohttpparser(String input, int lastLen, int expected, String comment) {
        byte[] bytes = bytes(input);
        int want = expected == 0 ? bytes.length : expected;
        assertThat(parse(bytes, 0, bytes.length, lastLen)).as(comment).isEqualTo(want);
        // the same bytes at the end of a larger array, after unrelated bytes: no over-read, offsets honoured
        byte[] shifted = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, shifted, 7, bytes.length);
        assertThat(parse(shifted, 7, bytes.length, lastLen)).as(comment + " (shifted)").isEqualTo(want);
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("picohttpparserCases")
    void completeCasesAlsoParseOneByteAtATime(String input, int lastLen, int expected, String comment) {
        byte[] bytes = bytes(input);
        if (expected != 0) {
            return;
        }
        Request req = new Request(4);
        int seen = 0;
        for (int n = 1; n < bytes.length; n++) {
            int r = HttpParser.parseRequest(bytes, 0, n, req, seen);
            assertThat(r).as(comment + " after " + n + " bytes").isEqualTo(HttpParser.INCOMPLETE);
            seen = n;
        }
        assertThat(HttpParser.parseRequest(bytes, 0, bytes.length, req, seen)).isEqualTo(bytes.length);
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("strictCases")
    void refusesWithTheRightStatus(String input, int status, String comment) {
        Request req = new Request(4);
        byte[] bytes = bytes(input);
        assertThat(HttpParser.parseRequest(bytes, 0, bytes.length, req, 0)).as(comment).isEqualTo(HttpParser.ERROR);
        assertThat(req.errorStatus()).as(comment).isEqualTo(status);
    }

    static Stream<Arguments> edgeCases() {
        return Stream.of(
            // input, lastLen, expected (0 = whole input consumed), comment; each also at the very end of its array
            Arguments.of("", 0, -2, "nothing yet"),
            Arguments.of("\r", 0, -2, "only the CR of a leading empty line"),
            Arguments.of("\rX", 0, -1, "CR without LF before the request line"),
            Arguments.of("\nGET / HTTP/1.0\r\n\r\n", 0, 0, "leading bare LF"),
            Arguments.of("GET / HTTP/1", 0, -2, "major version only"),
            Arguments.of("GET / HTTP/1x", 0, -1, "no dot after the major version"),
            Arguments.of("GET / HTTP/1.x", 0, -1, "minor version not a digit, nothing after it"),
            Arguments.of("GET / HTTP/1.9\r\n\r\n", 0, 0, "minor version 9"),
            Arguments.of("GET / HTTP/1.0\r\nA:  ", 0, -2, "a value's leading spaces at the end"),
            Arguments.of("GET / HTTP/1.0\r\nA: b", 0, -2, "a value at the end"),
            Arguments.of("GET / HTTP/1.0\r\nA", 0, -2, "a name at the end"),
            Arguments.of("G{T / HTTP/1.1\r\n", 3, -2, "with lastLen, an error waits for the end of the head"),
            Arguments.of("G{T / HTTP/1.1\r\n\r\n", 3, -1, "... and is found once it is there"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("edgeCases")
    void edges(String input, int lastLen, int expected, String comment) {
        parsesLikePicohttpparser(input, lastLen, expected, comment);
    }

    @Test
    void aReusedRequestForgetsTheLastParse() {
        Request req = new Request(4);
        byte[] bad = bytes("GET /x?y HTTP/2.0\r\nA: b\r\n\r\n");
        assertThat(HttpParser.parseRequest(bad, 0, bad.length, req, 0)).isEqualTo(-1);
        assertThat(req.errorStatus()).isEqualTo(505);
        byte[] good = bytes("GET / HTTP/1.0\r\n\r\n");
        assertThat(HttpParser.parseRequest(good, 0, good.length, req, 0)).isEqualTo(good.length);
        assertThat(req.errorStatus()).isZero();
        assertThat(req.headerCount()).isZero();
        assertThat(req.query()).isNull();
    }

    static Stream<Arguments> isCompleteCases() {
        return Stream.of(
            // input, lastLen, whether an empty line ends it (searching from lastLen - 3)
            Arguments.of("GET / HTTP/1.0\r\n\r\n", 0, true),
            Arguments.of("GET / HTTP/1.0\n\n", 0, true),
            Arguments.of("GET / HTTP/1.0\r\n\n", 0, true),
            Arguments.of("GET / HTTP/1.0\r\n\r", 0, false),
            Arguments.of("GET / HTTP/1.0\r\nA: b\r\n", 0, false),
            Arguments.of("GET / HTTP/1.0\r\n\r\n", 16, true),
            Arguments.of("GET / HTTP/1.0\r\n\r\n", 15, true),
            Arguments.of("GET / HTTP/1.0\r\n\r\n", 2, true),
            Arguments.of("GET / HTTP/1.0\r\n\r\n", 3, true),
            Arguments.of("\r\n\r\n", 2, true),
            Arguments.of("\r\n\r\n", 3, true),
            // the part before lastLen - 3 was searched already: an ending there is not found again
            Arguments.of("\r\n\r\nGET", 5, false),
            Arguments.of("A\nB\n", 0, false),
            Arguments.of("A\rB", 0, true), // a CR without LF: the full parse will refuse it
            Arguments.of("A\r", 0, false));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("isCompleteCases")
    void isCompleteSearchesOnlyTheNewBytes(String input, int lastLen, boolean complete) {
        byte[] b = bytes("xx" + input);
        assertThat(HttpParser.isComplete(b, 2, b.length, lastLen)).isEqualTo(complete);
    }

    @Test
    void expectEol() {
        byte[] b = bytes("\r\n|\n|\rX|X|\r");
        assertThat(HttpParser.expectEol(b, 0, b.length)).isEqualTo(2);
        assertThat(HttpParser.expectEol(b, 3, b.length)).isEqualTo(4);
        assertThat(HttpParser.expectEol(b, 5, b.length)).isEqualTo(HttpParser.ERROR);
        assertThat(HttpParser.expectEol(b, 8, b.length)).isEqualTo(HttpParser.ERROR);
        assertThat(HttpParser.expectEol(b, 10, b.length)).isEqualTo(HttpParser.INCOMPLETE);
        assertThat(HttpParser.expectEol(b, b.length, b.length)).isEqualTo(HttpParser.INCOMPLETE);
    }

    @Test
    void simple() {
        Request req = parsed("GET / HTTP/1.0\r\n\r\n");
        assertThat(req.headerCount()).isZero();
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/");
        assertThat(req.minorVersion()).isZero();
    }

    @Test
    void parseHeaders() {
        Request req = parsed("GET /hoge HTTP/1.1\r\nHost: example.com\r\nCookie: \r\n\r\n");
        assertThat(req.headerCount()).isEqualTo(2);
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/hoge");
        assertThat(req.minorVersion()).isEqualTo(1);
        assertThat(req.headerName(0)).isEqualTo("Host");
        assertThat(req.headerValue(0)).isEqualTo("example.com");
        assertThat(req.headerName(1)).isEqualTo("Cookie");
        assertThat(req.headerValue(1)).isEmpty();
        assertThat(req.header("HOST")).isEqualTo("example.com");
        assertThat(req.headerEquals("host", "EXAMPLE.com")).isTrue();
        assertThat(req.header("missing")).isNull();
    }

    @Test
    void multibyteValueKeptAsBytes() {
        Request req = parsed("GET /hoge HTTP/1.1\r\nHost: example.com\r\nUser-Agent: \343\201\262\343/1.0\r\n\r\n");
        assertThat(req.headerValue(1)).isEqualTo("\343\201\262\343/1.0");
    }

    @Test
    void acceptsMsbCharsInPathAndValue() {
        Request req = parsed("GET /\u00a0 HTTP/1.0\r\nh: c\u00a2y\r\n\r\n");
        assertThat(req.headerCount()).isEqualTo(1);
        assertThat(req.pathLength()).isEqualTo(2);
        // found by fuzzing: path() must read back what isPath() compares, one char per byte
        assertThat(req.path()).isEqualTo("/\u00a0");
        assertThat(req.isPath(req.path())).isTrue();
        assertThat(req.headerName(0)).isEqualTo("h");
        assertThat(req.headerValue(0)).isEqualTo("c\u00a2y");
    }

    @Test
    void trimsValueAndAcceptsSeveralSpacesBetweenTokens() {
        Request req = parsed("GET   /a?b=1   HTTP/1.1\r\nfoo: \t a b \t \r\n\r\n");
        assertThat(req.target()).isEqualTo("/a?b=1");
        assertThat(req.path()).isEqualTo("/a");
        assertThat(req.isPath("/a")).isTrue();
        assertThat(req.query()).isEqualTo("b=1");
        assertThat(req.headerValue(0)).isEqualTo("a b");
    }

    @Test
    void acceptsBareLfLineEndsAndOneLeadingEmptyLine() {
        Request req = parsed("\r\nPOST /x HTTP/1.1\nHost: h\n\n");
        assertThat(req.isMethod("POST")).isTrue();
        assertThat(req.header("host")).isEqualTo("h");
    }

    @Test
    void consumesOnlyTheHeadLeavingTheBodyAndNextRequest() {
        byte[] b = bytes("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n\r\n");
        Request req = new Request(8);
        int r = HttpParser.parseRequest(b, 0, b.length, req, 0);
        assertThat(new String(b, r, 3, StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    @Test
    void copyOwnsItsBytesAndOnlyTheHead() {
        byte[] b = bytes("xxxxGET /p?q HTTP/1.1\r\nA: 1\r\nBee: two\r\n\r\nbodyGET / HTTP/1.1\r\n");
        Request req = new Request(8);
        assertThat(HttpParser.parseRequest(b, 4, b.length - 4, req, 0)).isPositive();
        Request copy = req.copy();
        java.util.Arrays.fill(b, (byte) 'x');
        assertThat(copy.target()).isEqualTo("/p?q");
        assertThat(copy.path()).isEqualTo("/p");
        assertThat(copy.query()).isEqualTo("q");
        assertThat(copy.method()).isEqualTo("GET");
        assertThat(copy.header("a")).isEqualTo("1");
        assertThat(copy.headerName(1)).isEqualTo("Bee");
        assertThat(copy.headerValue(1)).isEqualTo("two");
        assertThat(copy.buffer()).hasSize("GET /p?q HTTP/1.1\r\nA: 1\r\nBee: two".length());
    }

    private static Request parsed(String s) {
        Request req = new Request(4);
        byte[] b = bytes(s);
        assertThat(HttpParser.parseRequest(b, 0, b.length, req, 0)).isEqualTo(b.length);
        return req;
    }

    private static int parse(byte[] b, int off, int len, int lastLen) {
        return HttpParser.parseRequest(b, off, len, new Request(4), lastLen);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
