package io.picoev.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.picoev.Config;
import io.picoev.Picoev;
import io.picoev.RawHandler;
import io.picoev.http.ErrorHandler;
import io.picoev.http.RequestHandler;
import io.picoev.http.Routes;
import io.picoev.autoconfigure.health.PicoevHealthAutoConfiguration;
import io.picoev.autoconfigure.health.PicoevHealthIndicator;
import io.picoev.autoconfigure.metrics.PicoevMetrics;
import io.picoev.autoconfigure.metrics.PicoevMetricsAutoConfiguration;
import io.picoev.autoconfigure.observation.ObservedRequestHandler;
import io.picoev.autoconfigure.observation.PicoevObservationAutoConfiguration;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

@ExtendWith(OutputCaptureExtension.class)
class PicoevAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PicoevAutoConfiguration.class, PicoevMetricsAutoConfiguration.class,
            PicoevHealthAutoConfiguration.class, PicoevObservationAutoConfiguration.class))
        .withPropertyValues("picoev.port=0", "picoev.host=127.0.0.1", "picoev.loops=1");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void singleHandlerBeanServesEveryRequestOnTheLocalPort() {
        runner.withUserConfiguration(OneHandler.class).run(context -> {
            assertThat(context).hasSingleBean(PicoevWebServer.class);
            assertThat(get(context, "/anything")).isEqualTo("200 one handler /anything");
        });
    }

    @Test
    void routesBeansAreMergedAndAPlainHandlerTakesWhatTheyDoNotMatch() {
        runner.withUserConfiguration(TwoRoutes.class, OneHandler.class).run(context -> {
            assertThat(get(context, "/a")).isEqualTo("200 a");
            assertThat(get(context, "/b")).isEqualTo("200 b");
            assertThat(get(context, "/c")).isEqualTo("200 one handler /c");
        });
    }

    @Test
    void routesAloneAnswer404And405() {
        runner.withUserConfiguration(TwoRoutes.class).run(context -> {
            assertThat(get(context, "/nope")).startsWith("404");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(context, "/a"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
        });
    }

    @Test
    void severalPlainHandlersFailStartupNamingThem() {
        runner.withUserConfiguration(OneHandler.class, AnotherHandler.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("several RequestHandler beans [oneHandler, anotherHandler]")
                .hasMessageContaining("Routes");
        });
    }

    @Test
    void clashingRoutesFailStartupNamingTheBean() {
        runner.withUserConfiguration(TwoRoutes.class, ClashingRoutes.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("GET /a is declared twice");
        });
    }

    @Test
    void rawHandlerBesideHttpHandlersFailsStartup() {
        runner.withUserConfiguration(OneHandler.class, Echo.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("RawHandler bean [echo] beside HTTP handler beans [oneHandler]");
        });
    }

    @Test
    void rawHandlerSelectsRawMode() {
        runner.withUserConfiguration(Echo.class).run(context -> {
            try (Socket s = new Socket("127.0.0.1", port(context))) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write("not http\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                assertThat(new String(in.readNBytes(9), StandardCharsets.US_ASCII)).isEqualTo("not http\n");
            }
        });
    }

    @Test
    void noHandlerBeanLeavesTheServerStoppedAndSaysWhy(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(PicoevWebServer.class);
            assertThat(context.getBean(PicoevWebServer.class).isRunning()).isFalse();
            assertThat(context.getEnvironment().getProperty("local.picoev.port")).isNull();
            assertThat(output).contains("picoev is not started: no RequestHandler, Routes or RawHandler bean is defined");
        });
    }

    @Test
    void disabledByProperty() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(PicoevWebServer.class).doesNotHaveBean(PicoevLifecycle.class));
    }

    @Test
    void shutdownIsGracefulUnlessImmediateIsAsked() {
        runner.withUserConfiguration(OneHandler.class)
            .run(context -> assertThat(context).hasSingleBean(PicoevGracefulShutdownLifecycle.class));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.shutdown=immediate")
            .run(context -> assertThat(context).hasSingleBean(PicoevLifecycle.class)
                .doesNotHaveBean(PicoevGracefulShutdownLifecycle.class));
    }

    @Test
    void serverBacksOffWhenUserDefinesOne() {
        runner.withUserConfiguration(OwnServer.class).run(context -> {
            assertThat(context).hasSingleBean(PicoevWebServer.class);
            assertThat(context.getBean(PicoevWebServer.class).getConfig().serverHeader()).isEqualTo("mine");
        });
    }

    @Test
    void customizersRunInOrderAfterProperties() {
        runner.withUserConfiguration(OneHandler.class, Customizers.class).withPropertyValues("picoev.server-header=props")
            .run(context -> {
                Config config = context.getBean(PicoevWebServer.class).getConfig();
                assertThat(config.serverHeader()).isEqualTo("props-first-second");
            });
    }

    @Test
    void errorHandlerBeanBecomesTheErrorCallback() {
        runner.withUserConfiguration(Failing.class).run(context -> assertThat(get(context, "/x")).isEqualTo("418 sorry"));
    }

    @Test
    void propertiesBindWithBootUnitsAndSeedDefaults() {
        runner.withUserConfiguration(OneHandler.class)
            .withPropertyValues("picoev.timeout=30", "picoev.max-read=16KB", "picoev.max-write=10000",
                "picoev.max-request-body-size=1MB", "picoev.max-headers=50")
            .run(context -> {
                Config c = context.getBean(PicoevWebServer.class).getConfig();
                assertThat(c.timeoutSecs()).isEqualTo(30);
                assertThat(c.maxRead()).isEqualTo(16 * 1024);
                assertThat(c.maxWrite()).isEqualTo(10_000);
                assertThat(c.maxRequestBodySize()).isEqualTo(1024 * 1024);
                assertThat(c.maxHeaders()).isEqualTo(50);
            });
        runner.withUserConfiguration(OneHandler.class)
            .withPropertyValues("picoev.timeout=20", "picoev.request-header-timeout=5", "picoev.min-request-body-rate=1KB")
            .run(context -> {
                Config c = context.getBean(PicoevWebServer.class).getConfig();
                assertThat(c.requestHeaderTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
                assertThat(c.minRequestBodyRate()).isEqualTo(1024);
            });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.timeout=20").run(context ->
            assertThat(context.getBean(PicoevWebServer.class).getConfig().requestHeaderTimeout())
                .as("the head deadline follows the timeout by default").isEqualTo(java.time.Duration.ofSeconds(20)));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.timeout=500ms").run(context ->
            assertThat(context.getBean(PicoevWebServer.class).getConfig().timeoutMillis())
                .as("a sub-second timeout is kept, not truncated to 0 (never)").isEqualTo(500));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.loops=").run(context -> {
            PicoevProperties p = context.getBean(PicoevProperties.class);
            assertThat(p.getTimeout()).isEqualTo(Duration.ofSeconds(8));
            assertThat(p.getMaxRead().toBytes()).isEqualTo(4096);
            assertThat(p.getMaxWrite().toBytes()).isEqualTo(8192);
            assertThat(p.getMaxHeaders()).isEqualTo(100);
            assertThat(p.getMaxConnections()).isEqualTo(Config.DEFAULT_MAX_CONNECTIONS);
        });
    }

    @Test
    void wrongValuesFailStartupNamingTheProperty() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.max-read=10").run(context -> {
            assertThat(context).hasFailed();
            // Boot's own binding report, with the property's origin, as its failure analyzer prints it
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(org.springframework.boot.context.properties.bind.validation.BindValidationException.class)
                .hasMessageContaining("origin \"picoev.max-read\"").hasMessageContaining("must be between 256");
        });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.timeout=-5").run(context ->
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("origin \"picoev.timeout\""));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.timeout=500us").run(context ->
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("origin \"picoev.timeout\"")
                .hasMessageContaining("at least 1ms"));
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.port=99999").run(context ->
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("origin \"picoev.port\"")
                .hasMessageContaining("between 0 and 65535"));
    }

    @Test
    void busyPortFailsStartupWithAnalysisNamingPortAndProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.port=" + taken.getLocalPort())
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    PicoevPortInUseException cause = findCause(failure);
                    FailureAnalysis analysis = new PicoevPortInUseFailureAnalyzer().analyze(failure);
                    assertThat(cause.getPort()).isEqualTo(taken.getLocalPort());
                    assertThat(analysis.getDescription()).contains("port " + taken.getLocalPort() + " is already in use");
                    assertThat(analysis.getAction()).contains("picoev.port");
                });
        }
    }

    @Test
    void invalidValueFromACustomizerFailsStartupWithAnalysisNamingTheProperty() {
        runner.withUserConfiguration(OneHandler.class)
            .withBean(PicoevConfigCustomizer.class, () -> config -> config.maxRead(10))
            .run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new PicoevInvalidConfigFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).as("the analyzer recognizes the failure").isNotNull();
                assertThat(analysis.getDescription()).startsWith("picoev failed to start: Config.maxRead");
                assertThat(analysis.getAction()).contains("picoev.max-read");
            });
    }

    @Test
    void serverRunsOnTheTransportTheBuildAsksFor() {
        // the build runs these tests once with -Dpicoev.transport=epoll and once with nio
        String wanted = System.getProperty("picoev.transport", "auto");
        runner.withUserConfiguration(OneHandler.class).run(context -> {
            assertThat(context).hasNotFailed();
            Picoev picoev = context.getBean(PicoevWebServer.class).getPicoev();
            if (!wanted.equals("auto")) {
                assertThat(picoev.transport()).isEqualTo(wanted);
            }
            assertThat(get(context, "/t")).isEqualTo("200 one handler /t");
        });
    }

    @Test
    void portZeroPublishesTheBoundPortAsPropertyAndEvent() {
        runner.withUserConfiguration(OneHandler.class, PortListener.class).run(context -> {
            int port = context.getBean(PicoevWebServer.class).getPort();
            assertThat(port).isPositive();
            assertThat(context.getEnvironment().getProperty("local.picoev.port", Integer.class)).isEqualTo(port);
            assertThat(context.getBean(PortListener.class).ports).containsExactly(port);
        });
    }

    @Test
    void virtualThreadsWhenBootSaysSo() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("spring.threads.virtual.enabled=true")
            .run(context -> {
                assertThat(context.getBean(PicoevWebServer.class).getConfig().executor()).isNotNull();
                assertThat(get(context, "/vt")).isEqualTo("200 one handler /vt");
            });
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("spring.threads.virtual.enabled=true",
            "picoev.dispatch=loop").run(context ->
                assertThat(context.getBean(PicoevWebServer.class).getConfig().executor()).isNull());
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.dispatch=virtual").run(context ->
            assertThat(context.getBean(PicoevWebServer.class).getConfig().executor()).isNotNull());
    }

    @Test
    void metersAreBoundAndMoveWithTraffic() {
        runner.withUserConfiguration(OneHandler.class, Registry.class).run(context -> {
            SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
            context.getBean(PicoevMetrics.class).bindTo(registry); // meters hold their state weakly: bind the bean
            get(context, "/one");
            get(context, "/two");
            assertThat(registry.get("picoev.requests").functionCounter().count()).isEqualTo(2);
            int loops = context.getBean(PicoevWebServer.class).getPicoev().loopCount();
            assertThat(registry.get("picoev.connections.accepted").functionCounters()).as("one per loop").hasSize(loops)
                .allSatisfy(c -> assertThat(c.getId().getTag("loop")).isNotNull());
            assertThat(registry.get("picoev.connections.accepted").functionCounters().stream()
                .mapToDouble(c -> c.count()).sum()).isPositive();
            assertThat(registry.get("picoev.connections.open").gauges().stream().mapToDouble(g -> g.value()).sum())
                .isPositive();
            assertThat(registry.get("picoev.connections.max").gauge().value()).isEqualTo(Config.DEFAULT_MAX_CONNECTIONS);
            assertThat(registry.get("picoev.bytes.read").functionCounter().count()).isPositive();
            assertThat(registry.get("picoev.bytes.written").functionCounter().count()).isPositive();
            assertThat(registry.get("picoev.loop.blocked").functionCounter().count()).isZero();
            assertThat(registry.get("picoev.errors").tag("kind", "parse").functionCounter().count()).isZero();
            assertThat(registry.get("picoev.errors").tag("kind", "handler").functionCounter().count()).isZero();
            assertThat(registry.get("picoev.connections.timeouts").functionCounter().count()).isZero();
        });
    }

    @Test
    void metricsBinderNeedsARegistryAndMicrometer() {
        runner.withUserConfiguration(OneHandler.class, Registry.class)
            .run(context -> assertThat(context).hasSingleBean(PicoevMetrics.class));
        runner.withUserConfiguration(OneHandler.class).run(context -> assertThat(context).doesNotHaveBean(PicoevMetrics.class));
        runner.withUserConfiguration(OneHandler.class).withClassLoader(new FilteredClassLoader(io.micrometer.core.instrument.MeterRegistry.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PicoevMetrics.class));
    }

    @Test
    void requestsAreObservedAsHttpServerRequestsWithBoundedUris() {
        runner.withUserConfiguration(TwoRoutes.class, Observations.class)
            .run(context -> {
                assertThat(context.getBean(PicoevWebServer.class).getConfig().handler()).isInstanceOf(ObservedRequestHandler.class);
                get(context, "/a");
                get(context, "/a?x=1");
                get(context, "/nope/123");
                SimpleMeterRegistry meters = context.getBean(SimpleMeterRegistry.class);
                assertThat(meters.get("http.server.requests").tags("uri", "/a", "method", "GET", "status", "200",
                    "outcome", "SUCCESS", "exception", "none").timer().count()).isEqualTo(2);
                assertThat(meters.get("http.server.requests").tags("uri", "NOT_FOUND", "status", "404",
                    "outcome", "CLIENT_ERROR").timer().count()).isEqualTo(1);
            });
        runner.withUserConfiguration(TwoRoutes.class, Observations.class).withPropertyValues("picoev.observations.enabled=false")
            .run(context -> assertThat(context.getBean(PicoevWebServer.class).getConfig().handler())
                .isNotInstanceOf(ObservedRequestHandler.class));
        runner.withUserConfiguration(TwoRoutes.class).withBean(ObservationRegistry.class, ObservationRegistry::create)
            .run(context -> assertThat(context.getBean(PicoevWebServer.class).getConfig().handler())
                .as("a registry without handlers observes nothing").isNotInstanceOf(ObservedRequestHandler.class));
    }

    @Test
    void healthReportsEachLoop() {
        runner.withUserConfiguration(OneHandler.class).withPropertyValues("picoev.loops=2").run(context -> {
            var health = context.getBean(PicoevHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("loop-0", "running").containsEntry("loop-1", "running");
        });
        runner.withUserConfiguration(OneHandler.class).withClassLoader(new FilteredClassLoader(
            org.springframework.boot.health.contributor.HealthIndicator.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PicoevHealthIndicator.class));
    }

    @Test
    void contextCloseStopsTheServer() {
        int[] port = new int[1];
        runner.withUserConfiguration(OneHandler.class).run(context -> port[0] = port(context));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", port[0]).close())
            .isInstanceOf(java.net.ConnectException.class);
    }

    private static PicoevPortInUseException findCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PicoevPortInUseException p) {
                return p;
            }
        }
        throw new AssertionError("no PicoevPortInUseException in " + t);
    }

    private static int port(AssertableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.picoev.port", Integer.class);
    }

    private static URI uri(AssertableApplicationContext context, String path) {
        return URI.create("http://127.0.0.1:" + port(context) + path);
    }

    private String get(AssertableApplicationContext context, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(context, path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Configuration(proxyBeanMethods = false)
    static class OneHandler {
        @Bean
        RequestHandler oneHandler() {
            return (req, res) -> res.send(200, "text/plain", "one handler " + req.path());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AnotherHandler {
        @Bean
        RequestHandler anotherHandler() {
            return (req, res) -> res.http404();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoRoutes {
        @Bean
        Routes routesA() {
            return Routes.builder().get("/a", (req, res) -> res.send(200, "text/plain", "a")).build();
        }

        @Bean
        Routes routesB() {
            return Routes.builder().get("/b", (req, res) -> res.send(200, "text/plain", "b")).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ClashingRoutes {
        @Bean
        Routes clash() {
            return Routes.builder().get("/a", (req, res) -> res.http404()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Echo {
        @Bean
        RawHandler echo() {
            ByteBuffer buf = ByteBuffer.allocate(1024);
            return (pv, t, events) -> {
                buf.clear();
                if (t.read(buf) < 0) {
                    t.close();
                    return;
                }
                t.write(buf.flip());
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnServer {
        @Bean
        PicoevWebServer myServer() {
            return new PicoevWebServer(Config.builder().port(0).host("127.0.0.1").serverHeader("mine")
                .handler((req, res) -> res.http404()).build(), null);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        PicoevConfigCustomizer second() {
            return c -> c.serverHeader(c.build().serverHeader() + "-second");
        }

        @Bean
        @Order(1)
        PicoevConfigCustomizer first() {
            return c -> c.serverHeader(c.build().serverHeader() + "-first");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Failing {
        @Bean
        RequestHandler failing() {
            return (req, res) -> {
                throw new IllegalStateException("handler failure (a test exception)");
            };
        }

        @Bean
        ErrorHandler teapot() {
            return (req, res, error) -> res.send(418, "text/plain", "sorry");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PortListener implements ApplicationListener<PicoevServerInitializedEvent> {
        final List<Integer> ports = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(PicoevServerInitializedEvent event) {
            ports.add(event.getPort());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {
        @Bean
        SimpleMeterRegistry meters() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry(SimpleMeterRegistry meters) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            return registry;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }
}
