/** Micrometer meters of the picoev server. */
@NullMarked
package io.picoev.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
