/**
 * Internal: the event loop and the seam its transports plug into ({@link io.picoev.loop.Backend},
 * {@link io.picoev.loop.TransportProvider}). Not exported by the module {@code io.picoev}; its
 * public types are public only because the facade, the HTTP engine or a transport (other
 * packages) use them. Applications use {@code io.picoev} and {@code io.picoev.http}.
 */
package io.picoev.loop;
