package io.picoev.http;

/**
 * Where a handler runs, as {@link RequestHandler#dispatch(Request)} says for each request. The
 * server decides on the loop thread, before the handler is called.
 */
public enum Dispatch {

    /** Wherever the server runs handlers by default ({@code Config.defaultDispatch()}). */
    DEFAULT,

    /** On the loop thread: fastest, and the handler MUST NOT block. */
    LOOP,

    /**
     * On the server's executor (a virtual thread per request unless configured otherwise), on a
     * copy of the request: the handler may block; the answer goes back through the loop in order.
     */
    BLOCKING
}
