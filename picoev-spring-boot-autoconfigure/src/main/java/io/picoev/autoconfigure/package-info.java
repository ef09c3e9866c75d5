/**
 * Spring Boot auto-configuration for picoev: properties, handler beans, lifecycle, port
 * publication, metrics and health.
 */
@NullMarked
package io.picoev.autoconfigure;

import org.jspecify.annotations.NullMarked;
