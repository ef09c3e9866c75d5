package io.picoev.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The metadata the configuration processor generated: IDE completion for every property. */
class ConfigurationMetadataTests {

    /** Defaults computed at runtime (available processors) or absent by design (every interface). */
    private static final Set<String> NO_STATIC_DEFAULT = Set.of("picoev.host", "picoev.loops", "picoev.request-header-timeout");

    @Test
    @SuppressWarnings("unchecked")
    void everyPropertyHasADescriptionAndADefault() throws Exception {
        Map<String, Object> metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            metadata = JsonMapper.builder().build().readValue(in, Map.class);
        }
        List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
        assertThat(properties).extracting(p -> p.get("name")).contains("picoev.port", "picoev.timeout",
            "picoev.max-headers", "picoev.max-read", "picoev.max-write", "picoev.loops", "picoev.max-connections",
            "picoev.max-request-header-size", "picoev.max-request-body-size", "picoev.server-header",
            "picoev.transport", "picoev.dispatch", "picoev.shutdown", "picoev.enabled", "picoev.blocked-loop-threshold",
            "picoev.error.include-message", "picoev.error.include-stacktrace", "picoev.problemdetails.enabled",
            "picoev.cors.allowed-origins", "picoev.cors.allowed-methods", "picoev.cors.allowed-headers",
            "picoev.cors.exposed-headers", "picoev.cors.allow-credentials", "picoev.cors.max-age",
            "picoev.request-header-timeout", "picoev.min-request-body-rate");
        for (Map<String, Object> p : properties) {
            assertThat((String) p.get("description")).as("description of " + p.get("name")).isNotBlank();
            if (!NO_STATIC_DEFAULT.contains(p.get("name"))) {
                assertThat(p.get("defaultValue")).as("default of " + p.get("name")).isNotNull();
            }
        }
    }
}
