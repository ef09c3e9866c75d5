/** {@code http.server.requests} observations of picoev requests. */
@NullMarked
package io.picoev.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
