/** Actuator's web endpoints served by picoev, on the server port or a management port of their own. */
@NullMarked
package io.picoev.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
