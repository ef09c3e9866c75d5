package io.picoev.loop.nio;

import io.picoev.Events;
import io.picoev.loop.Backend;
import io.picoev.loop.Listener;
import io.picoev.loop.Loop;
import io.picoev.loop.LoopTarget;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/** The portable backend: one {@link Selector} per loop. Loop-confined but for {@link #wakeup()}. */
final class NioBackend implements Backend {

    private final Selector selector;
    private final int[] readySlots;
    private final int[] readyEvents;
    private int ready;
    // made once: select(Consumer) walks ready keys without building the selected-key set
    private final Consumer<SelectionKey> collect = this::collect;

    NioBackend(int capacity) throws IOException {
        this.selector = Selector.open();
        this.readySlots = new int[capacity];
        this.readyEvents = new int[capacity];
    }

    @Override
    public LoopTarget target(Loop loop, int slot, SelectableChannel channel) {
        return new NioTarget(loop, slot, channel);
    }

    @Override
    public LoopTarget listener(Loop loop, int slot, Listener listener) {
        return new NioTarget.OfListener(loop, slot, ((NioListener) listener).channel);
    }

    @Override
    public LoopTarget accept(Loop loop, int slot, LoopTarget listener, boolean tcpNoDelay) throws IOException {
        SocketChannel ch;
        try {
            ch = ((ServerSocketChannel) ((NioTarget) listener).channel).accept();
        } catch (ClosedChannelException e) {
            return null; // the server closed the shared listener
        }
        if (ch == null) {
            return null;
        }
        try {
            if (tcpNoDelay) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return new NioTarget(loop, slot, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void register(LoopTarget target, int events) throws IOException {
        NioTarget t = (NioTarget) target;
        t.channel.configureBlocking(false);
        t.key = t.channel.register(selector, interestOps(t.channel, events), t);
    }

    @Override
    public void update(LoopTarget target, int events) {
        NioTarget t = (NioTarget) target;
        if (t.key.isValid()) { // a shared listener's key dies with its channel
            t.key.interestOps(interestOps(t.channel, events));
        }
    }

    @Override
    public void deregister(LoopTarget target) {
        NioTarget t = (NioTarget) target;
        if (t.key != null) {
            t.key.cancel();
        }
        if (t instanceof NioTarget.OfListener) {
            // let go of the shared listener now rather than at the next wait: its socket closes with the last selector
            try {
                selector.selectNow(key -> { }); // ready events stay ready for the next poll (level-triggered)
            } catch (IOException e) {
                // the next poll retries
            }
        }
    }

    private static int interestOps(SelectableChannel channel, int events) {
        int ops = 0;
        if ((events & Events.READ) != 0) {
            ops |= channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if ((events & Events.WRITE) != 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        ready = 0;
        if (timeoutMillis <= 0) {
            selector.selectNow(collect);
        } else {
            selector.select(collect, timeoutMillis);
        }
        return ready;
    }

    private void collect(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        int ops = key.readyOps();
        int events = 0;
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            events |= Events.READ;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            events |= Events.WRITE;
        }
        readySlots[ready] = ((NioTarget) key.attachment()).slot();
        readyEvents[ready++] = events;
    }

    @Override
    public int readySlot(int i) {
        return readySlots[i];
    }

    @Override
    public int readyEvents(int i) {
        return readyEvents[i];
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
