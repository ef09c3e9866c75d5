/**
 * picoev: an event loop and HTTP/1.1 server. Exports the API only: the facade and its settings
 * ({@code io.picoev}) and the HTTP request, response and handler types ({@code io.picoev.http}).
 * The loop ({@code io.picoev.loop}) and the transports ({@code io.picoev.loop.nio}, and
 * {@code io.picoev.loop.epoll} in the Java 22 part of the multi-release jar) are concealed: on
 * the module path no other module can reach them. On the class path, as Spring Boot runs it,
 * this descriptor is not read; there those types carry "Internal" in their Javadoc.
 *
 * <p>Compiled with {@code --release 17} while the code is {@code --release 21}: a descriptor
 * needs no newer class file, and Maven's {@code jar} step on Java 17 reads no newer one.
 */
module io.picoev {
    exports io.picoev;
    exports io.picoev.http;
}
