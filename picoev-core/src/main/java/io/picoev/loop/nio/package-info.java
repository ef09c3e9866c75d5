/**
 * Internal: the NIO transport (selectors; every platform). Not exported by the module
 * {@code io.picoev}; {@link io.picoev.loop.nio.NioTransport} is public only for
 * {@code io.picoev.loop.Transports}.
 */
package io.picoev.loop.nio;
