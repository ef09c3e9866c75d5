/**
 * picoev: an event loop and HTTP/1.1 server. Exports the API only: the facade and its
 * settings ({@code io.picoev}) and the HTTP request/response types ({@code io.picoev.http}).
 * The loop, the backends ({@code io.picoev.loop.nio}, {@code io.picoev.loop.epoll}) and the
 * HTTP engine are internal: public only because another package of this module uses them.
 * On the class path (as Spring Boot runs it) this descriptor is not read; on the module path
 * it keeps those internals out of reach.
 */
module io.picoev {
    exports io.picoev;
    exports io.picoev.http;
}
