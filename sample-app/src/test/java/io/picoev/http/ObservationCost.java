package io.picoev.http;

import com.sun.management.ThreadMXBean;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.picoev.autoconfigure.observation.ObservedRequestHandler;
import io.picoev.sample.SampleApplication;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.SpringApplication;

/**
 * CPU time and heap allocated per request by the plaintext route, plain and observed, on this
 * thread: the cost of {@code http.server.requests} without the noise of a shared machine. Not a
 * test; run from the test classpath:
 * {@code java -cp sample-app/target/test-classes:sample-app/target/classes:... io.picoev.http.ObservationCost [requests] [noltt|boot]}
 * ({@code noltt}: no long-task timer; {@code boot}: the sample application's own registry).
 */
public final class ObservationCost {

    private ObservationCost() {
    }

    /** Measures; see the class comment. */
    public static void main(String[] args) throws Exception {
        byte[] head = "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Request req = new Request(100);
        HttpParser.parseRequest(head, 0, head.length, req, 0);
        HttpDate date = new HttpDate();
        date.update(System.currentTimeMillis());
        Response res = new Response(8192, date, "picoev");
        byte[] hello = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
        RequestHandler plain = Routes.builder().get("/plaintext", (q, r) -> r.httpOk().plain().body(hello)).build();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler((args.length > 1 ? new DefaultMeterObservationHandler(meters, DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER) : new DefaultMeterObservationHandler(meters)));
        if (args.length > 1 && args[1].equals("boot")) {
            var context = SpringApplication.run(SampleApplication.class,
                "--picoev.port=0", "--picoev.loops=1", "--logging.level.root=WARN");
            registry = context.getBean(ObservationRegistry.class);
            meters = context.getBean(PrometheusMeterRegistry.class);
        }
        RequestHandler observed = new ObservedRequestHandler(plain, registry);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = Integer.parseInt(args.length > 0 ? args[0] : "2000000");
        for (int round = 0; round < 3; round++) {
            for (RequestHandler h : new RequestHandler[] {plain, observed}) {
                long cpu = mx.getCurrentThreadCpuTime();
                long bytes = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < n; i++) {
                    res.begin(false, true, false);
                    h.handle(req, res);
                    res.reset();
                }
                double ns = (mx.getCurrentThreadCpuTime() - cpu) / (double) n;
                double b = (mx.getCurrentThreadAllocatedBytes() - bytes) / (double) n;
                System.out.printf("round %d %-9s %8.1f ns CPU/request %8.1f bytes/request%n", round,
                    h == plain ? "plain" : "observed", ns, b);
            }
        }
        System.out.println(meters.scrape().lines().filter(l -> l.startsWith("http_server_requests_seconds_count")).toList());
    }
}
