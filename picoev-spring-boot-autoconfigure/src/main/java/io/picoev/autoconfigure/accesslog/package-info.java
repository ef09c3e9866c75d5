/** The access log: one line a request through the {@code io.picoev.accesslog} logger. */
@NullMarked
package io.picoev.autoconfigure.accesslog;

import org.jspecify.annotations.NullMarked;
