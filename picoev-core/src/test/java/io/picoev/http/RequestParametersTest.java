package io.picoev.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query parameters, cookies and JSON bodies as a handler reads them, and cookies as it sets them. */
class RequestParametersTest {

    @Test
    void queryParametersAreDecodedWithPlusAsSpaceAndKeepEveryValue() {
        Request req = request("GET /s?q=caf%C3%A9+au+lait&tag=a&tag=b%26c&flag&empty=&a+b=1 HTTP/1.1", "");
        assertThat(req.queryParam("q")).isEqualTo("café au lait");
        assertThat(req.queryParams("tag")).containsExactly("a", "b&c");
        assertThat(req.queryParam("flag")).isEmpty();
        assertThat(req.queryParam("empty")).isEmpty();
        assertThat(req.queryParam("a b")).isEqualTo("1");
        assertThat(req.queryParam("missing")).isNull();
        assertThat(req.queryParams()).containsEntry("tag", List.of("a", "b&c")).hasSize(5);
    }

    @Test
    void plusIsASpaceInTheQueryOnly() {
        Request req = request("GET /a+b?x=a+b HTTP/1.1", "");
        assertThat(req.decodedPath()).isEqualTo("/a+b");
        assertThat(req.queryParam("x")).isEqualTo("a b");
    }

    @Test
    void typedConversionsOrA400NamingTheParameter() {
        Request req = request("GET /u?limit=10&big=9999999999&yes=TRUE&bad=x HTTP/1.1", "");
        assertThat(req.queryParamInt("limit")).isEqualTo(10);
        assertThat(req.queryParamInt("none", 5)).isEqualTo(5);
        assertThat(req.queryParamLong("big")).isEqualTo(9_999_999_999L);
        assertThat(req.queryParamBoolean("yes")).isTrue();
        assertThat(req.queryParamBoolean("none", false)).isFalse();
        assertBadRequest(() -> req.queryParamInt("bad"), "query parameter 'bad' must be an int");
        assertBadRequest(() -> req.queryParamInt("big"), "query parameter 'big' must be an int");
        assertBadRequest(() -> req.queryParamInt("none"), "query parameter 'none' is required");
        assertBadRequest(() -> req.queryParamBoolean("bad"), "query parameter 'bad' must be true or false");
        assertBadRequest(() -> request("GET /u?x=%4 HTTP/1.1", "").queryParam("x"), "malformed percent-encoding in the query");
    }

    @Test
    void cookiesFromEveryCookieHeader() {
        Request req = request("GET / HTTP/1.1", "Cookie: sid=abc; theme=\"dark\"\r\nCookie: lang=en; sid=second\r\n");
        assertThat(req.cookie("sid")).isEqualTo("abc");
        assertThat(req.cookie("theme")).isEqualTo("dark");
        assertThat(req.cookies()).isEqualTo(Map.of("sid", "abc", "theme", "dark", "lang", "en"));
        assertThat(req.cookie("none")).isNull();
    }

    @Test
    void setCookieWithItsAttributesAndRefusesWhatWouldBreakTheHeader() {
        Cookie c = Cookie.of("sid", "abc123").path("/").domain("example.com").maxAge(Duration.ofHours(1))
            .secure().httpOnly().sameSite("Lax");
        assertThat(c).hasToString("sid=abc123; Path=/; Domain=example.com; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
        assertThat(respond(res -> res.status(200).cookie(c).end())).contains("Set-Cookie: " + c + "\r\n");
        assertThatThrownBy(() -> Cookie.of("sid", "a;b")).hasMessageContaining("RFC 6265");
        assertThatThrownBy(() -> Cookie.of("s d", "a")).hasMessageContaining("token");
        assertThatThrownBy(() -> Cookie.of("sid", "a").path("/;x")).hasMessageContaining("';'");
    }

    @Test
    void bodyAsUsesTheCodecAndMalformedJsonIs400() {
        Request ok = request("POST /u HTTP/1.1", "Content-Length: 4\r\n", "{\"a\"");
        ok.json = new UpperCodec();
        assertThat(ok.bodyAs(String.class)).isEqualTo("{\"A\"");
        Request bad = request("POST /u HTTP/1.1", "Content-Length: 3\r\n", "bad");
        bad.json = new UpperCodec();
        assertBadRequest(() -> bad.bodyAs(String.class), "malformed JSON request body");
        Request empty = request("POST /u HTTP/1.1", "");
        empty.json = new UpperCodec();
        assertBadRequest(() -> empty.bodyAs(String.class), "required request body is missing");
    }

    @Test
    void jsonWritesTheCodecsBytesWithItsLength() {
        String r = respond(res -> {
            res.json = new UpperCodec();
            res.status(201).header("Location", "/u/1").json("ok");
        });
        assertThat(r).startsWith("HTTP/1.1 201").contains("Location: /u/1\r\n", "Content-Type: application/json\r\n",
            "Content-Length: 2\r\n").endsWith("\r\n\r\nOK");
    }

    @Test
    void presetHeadersGoOnWhateverAnswerIsWritten() {
        String r = respond(res -> {
            res.presetHeader("Access-Control-Allow-Origin", "https://a.example");
            res.send(200, "text/plain", "x");
            res.discard();
            res.send(500, "text/plain", "y");
        });
        assertThat(r).startsWith("HTTP/1.1 500").contains("Access-Control-Allow-Origin: https://a.example\r\n");
    }

    /** Upper-cases on write; reads a body that starts with '{' as its upper-cased text, anything else fails. */
    private static final class UpperCodec implements JsonCodec {
        @Override
        public <T> T read(byte[] bytes, int off, int len, Class<T> type) {
            String s = new String(bytes, off, len, StandardCharsets.UTF_8);
            if (!s.startsWith("{")) {
                throw new IllegalArgumentException("not JSON");
            }
            return type.cast(s.toUpperCase());
        }

        @Override
        public void write(Object value, OutputStream out) throws Exception {
            out.write(value.toString().toUpperCase().getBytes(StandardCharsets.UTF_8));
        }
    }

    private interface Writer {
        void write(Response res) throws Exception;
    }

    private static String respond(Writer w) {
        HttpDate date = new HttpDate();
        date.update(0);
        Response res = new Response(256, date, "t");
        res.begin(false, true, false);
        try {
            w.write(res);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new String(res.buf, 0, res.pos, StandardCharsets.UTF_8);
    }

    private static void assertBadRequest(Runnable r, String reason) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(HttpStatusException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.reason()).isEqualTo(reason);
        });
    }

    private static Request request(String line, String headers) {
        return request(line, headers, "");
    }

    private static Request request(String line, String headers, String body) {
        byte[] b = (line + "\r\nHost: x\r\n" + headers + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
        Request req = new Request(8);
        int head = HttpParser.parseRequest(b, 0, b.length, req, 0);
        assertThat(head).isPositive();
        req.body = b;
        req.bodyOff = head;
        req.bodyLen = b.length - head;
        return req;
    }
}
