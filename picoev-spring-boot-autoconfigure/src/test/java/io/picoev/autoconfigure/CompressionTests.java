package io.picoev.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.picoev.http.Routes;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** picoev.compression.* over real HTTP: gzip when asked and worth it, the body as it is otherwise. */
class CompressionTests {

    private static final String BIG = "hello picoev, ".repeat(300); // 4,200 bytes, over the 2KB default

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PicoevAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues("picoev.port=0", "picoev.host=127.0.0.1", "picoev.loops=1", "picoev.compression.enabled=true");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void gzipsALargeTextBodyForAClientThatAcceptsGzip() {
        runner.run(context -> {
            HttpResponse<byte[]> res = http.send(request(context, "/big").header("Accept-Encoding", "gzip, deflate").build(),
                HttpResponse.BodyHandlers.ofByteArray());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(res.headers().firstValue("Vary")).hasValue("Accept-Encoding");
            assertThat(res.body().length).isLessThan(BIG.length() / 4);
            assertThat(gunzip(res.body())).isEqualTo(BIG);
        });
    }

    @Test
    void gzipsOnVirtualThreadsToo() {
        runner.withPropertyValues("picoev.dispatch=virtual").run(context -> {
            HttpResponse<byte[]> res = http.send(request(context, "/big").header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
            assertThat(res.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gunzip(res.body())).isEqualTo(BIG);
        });
    }

    @Test
    void plainForAClientWithoutGzipButStillVaries() {
        runner.run(context -> {
            String head = raw(context, "GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip;q=0, br\r\nConnection: close\r\n\r\n");
            assertThat(head).doesNotContainIgnoringCase("Content-Encoding").contains("Vary: Accept-Encoding")
                .contains("Content-Length: " + BIG.length()).endsWith(BIG);
            String none = raw(context, "GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(none).doesNotContainIgnoringCase("Content-Encoding").endsWith(BIG);
        });
    }

    @Test
    void neverForHeadSmallBodiesOtherTypesOrAlreadyEncoded() {
        runner.run(context -> {
            String gzip = "Accept-Encoding: gzip\r\nConnection: close\r\n\r\n";
            String head = raw(context, "HEAD /big HTTP/1.1\r\nHost: x\r\n" + gzip);
            assertThat(head).doesNotContainIgnoringCase("Content-Encoding").contains("Content-Length: " + BIG.length());
            assertThat(raw(context, "GET /small HTTP/1.1\r\nHost: x\r\n" + gzip))
                .doesNotContainIgnoringCase("Content-Encoding").endsWith("small");
            assertThat(raw(context, "GET /binary HTTP/1.1\r\nHost: x\r\n" + gzip))
                .doesNotContainIgnoringCase("Content-Encoding").doesNotContain("Vary");
            String encoded = raw(context, "GET /encoded HTTP/1.1\r\nHost: x\r\n" + gzip);
            assertThat(encoded).contains("Content-Encoding: identity").doesNotContain("Content-Encoding: gzip")
                .endsWith(BIG);
        });
    }

    @Test
    void offByDefault() {
        runner.withPropertyValues("picoev.compression.enabled=false").run(context -> {
            String res = raw(context, "GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
            assertThat(res).doesNotContainIgnoringCase("Content-Encoding").doesNotContain("Vary").endsWith(BIG);
        });
    }

    @Test
    void minResponseSizeAndMimeTypesAreBoundLikeBoots() {
        runner.withPropertyValues("picoev.compression.min-response-size=4", "picoev.compression.mime-types=application/octet-stream")
            .run(context -> {
                assertThat(raw(context, "GET /small HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"))
                    .doesNotContain("Content-Encoding");
                HttpResponse<byte[]> res = http.send(request(context, "/binary").header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
                assertThat(res.headers().firstValue("Content-Encoding")).hasValue("gzip");
                assertThat(gunzip(res.body())).isEqualTo("0123456789");
            });
    }

    private static HttpRequest.Builder request(AssertableApplicationContext context, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.picoev.port") + path));
    }

    private static String raw(AssertableApplicationContext context, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(context.getEnvironment().getProperty("local.picoev.port")))) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String gunzip(byte[] body) throws Exception {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {

        @Bean
        Routes routes() {
            return Routes.builder()
                .get("/big", (req, res) -> res.send(200, "text/plain;charset=utf-8", BIG))
                .get("/small", (req, res) -> res.send(200, "text/plain", "small"))
                .get("/binary", (req, res) -> res.send(200, "application/octet-stream", "0123456789".repeat(1).getBytes()))
                .get("/encoded", (req, res) -> res.status(200).contentType("text/plain").header("Content-Encoding", "identity")
                    .body(BIG))
                .build();
        }
    }
}
