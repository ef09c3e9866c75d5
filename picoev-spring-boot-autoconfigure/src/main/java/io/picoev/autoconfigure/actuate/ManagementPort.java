package io.picoev.autoconfigure.actuate;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Where the endpoints listen, decided as Boot's {@link ManagementPortType} does but against
 * {@code picoev.port}: no {@code management.server.port}, or the same non-zero port, is the
 * server port; a negative one turns the endpoints off over HTTP; any other (0 too) is a
 * management server of its own.
 */
final class ManagementPort {

    private ManagementPort() {
    }

    static ManagementPortType type(Environment environment) {
        Integer management = environment.getProperty("management.server.port", Integer.class);
        if (management == null) {
            return ManagementPortType.SAME;
        }
        if (management < 0) {
            return ManagementPortType.DISABLED;
        }
        int server = environment.getProperty("picoev.port", Integer.class, 8080);
        return management != 0 && management == server ? ManagementPortType.SAME : ManagementPortType.DIFFERENT;
    }

    /** Matches when the endpoints have a port of their own. */
    static final class Different implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return type(context.getEnvironment()) == ManagementPortType.DIFFERENT;
        }
    }

    /** Matches unless {@code management.server.port} is negative. */
    static final class Enabled implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return type(context.getEnvironment()) != ManagementPortType.DISABLED;
        }
    }
}
