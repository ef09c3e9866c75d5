package io.picoev.autoconfigure;

import io.picoev.Config;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Where Boot's {@code server.port} fits: when picoev is the application's only web server (no
 * Tomcat, Jetty or Reactor Netty context), {@code server.port} is honored over
 * {@code picoev.port} (so {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}, which sets
 * {@code server.port=0}, works) and the bound port is published as {@code local.server.port}
 * too. Beside another web server, {@code server.port} is that server's.
 */
final class PicoevServerPort {

    private static final Log logger = LogFactory.getLog(PicoevServerPort.class);

    private PicoevServerPort() {
    }

    /** Applies {@code server.port} to {@code config} when picoev is the only web server. */
    static void apply(Config.Builder config, Environment environment, ApplicationContext context) {
        Integer serverPort = environment.getProperty("server.port", Integer.class);
        if (serverPort == null || !isOnlyWebServer(context)) {
            return;
        }
        Integer picoevPort = environment.getProperty("picoev.port", Integer.class);
        if (picoevPort != null && !picoevPort.equals(serverPort)) {
            logger.info("picoev listens on server.port=" + serverPort + " rather than picoev.port=" + picoevPort
                + ": it is the application's only web server. Remove one of the two to silence this.");
        }
        config.port(serverPort);
    }

    /** Whether the context runs no web server of Boot's own (its class is no WebServerApplicationContext). */
    static boolean isOnlyWebServer(ApplicationContext context) {
        for (Class<?> c = context.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (implementsWebServerContext(i)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean implementsWebServerContext(Class<?> type) {
        if (type.getSimpleName().equals("WebServerApplicationContext")) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (implementsWebServerContext(i)) {
                return true;
            }
        }
        return false;
    }
}
