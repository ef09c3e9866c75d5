/** Actuator health of the picoev server. */
@NullMarked
package io.picoev.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
