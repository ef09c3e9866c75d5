package io.picoev.autoconfigure;

import io.picoev.InvalidConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link InvalidConfigException} met at startup (a value the properties' own validation
 * cannot see, such as {@code picoev.transport=epoll} without native access, or a customizer's
 * setting) into Boot's failure report, naming the {@code picoev.*} property.
 */
class PicoevInvalidConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigException cause) {
        String property = "picoev." + kebab(cause.field());
        return new FailureAnalysis("picoev failed to start: " + cause.getMessage(),
            "Change " + property + " (or the PicoevConfigCustomizer that sets Config." + cause.field() + ").", cause);
    }

    /** {@code maxRead} → {@code max-read}: Boot's canonical property form. */
    private static String kebab(String field) {
        StringBuilder out = new StringBuilder(field.length() + 4);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
