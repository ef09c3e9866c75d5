/** Test-context support: a MOCK {@code @SpringBootTest} binds a free port rather than the configured one. */
@NullMarked
package io.picoev.autoconfigure.test;

import org.jspecify.annotations.NullMarked;
