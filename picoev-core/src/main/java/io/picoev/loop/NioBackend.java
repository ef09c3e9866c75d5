package io.picoev.loop;

import io.picoev.Picoev;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/** The portable backend: one {@link Selector} (epoll on Linux, kqueue on macOS) per loop. */
public final class NioBackend implements Backend {

    private final Selector selector;
    private Loop loop;
    // made once: select(Consumer) walks ready keys without building the selected-key set
    private final Consumer<SelectionKey> dispatch = this::dispatch;

    /** Opens a selector. */
    public NioBackend() throws IOException {
        this.selector = Selector.open();
    }

    SelectionKey register(SelectableChannel channel, int events, NioTarget target) throws IOException {
        channel.configureBlocking(false);
        return channel.register(selector, interestOps(channel, events), target);
    }

    static int interestOps(SelectableChannel channel, int events) {
        int ops = 0;
        if ((events & Picoev.READ) != 0) {
            ops |= channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if ((events & Picoev.WRITE) != 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    @Override
    public int poll(long timeoutMillis, Loop loop) throws IOException {
        this.loop = loop;
        if (timeoutMillis <= 0) {
            return selector.selectNow(dispatch);
        }
        return selector.select(dispatch, timeoutMillis);
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        int ready = key.readyOps();
        int events = 0;
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            events |= Picoev.READ;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            events |= Picoev.WRITE;
        }
        loop.dispatch((NioTarget) key.attachment(), events);
    }

    /** Lets go of cancelled keys now rather than at the next wait: a closed channel's socket closes with the last one. */
    void deregisterCancelled() {
        try {
            selector.selectNow(key -> { }); // ready events stay ready for the next poll (level-triggered)
        } catch (IOException e) {
            // the next poll retries
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
