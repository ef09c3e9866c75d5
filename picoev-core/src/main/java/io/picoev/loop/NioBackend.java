package io.picoev.loop;

import io.picoev.Picoev;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.net.StandardSocketOptions;
import java.util.function.Consumer;

/** The portable backend: one {@link Selector} (epoll on Linux, kqueue on macOS) per loop. */
final class NioBackend implements Backend {

    private final Selector selector;
    private int[] readySlots;
    private int[] readyEvents;
    private int ready;
    // made once: select(Consumer) walks ready keys without building the selected-key set
    private final Consumer<SelectionKey> collect = this::collect;

    NioBackend(int capacity) throws IOException {
        this.selector = Selector.open();
        this.readySlots = new int[Math.min(capacity, 1024)];
        this.readyEvents = new int[readySlots.length];
    }

    @Override
    public LoopTarget target(Loop loop, int slot, int fd) {
        throw new UnsupportedOperationException("the NIO transport registers channels, not file descriptors: "
            + "add(SelectableChannel, ...), or picoev.transport=epoll for add(fd, ...)");
    }

    @Override
    public LoopTarget target(Loop loop, int slot, SelectableChannel channel) throws IOException {
        channel.configureBlocking(false);
        return new NioTarget(loop, slot, channel);
    }

    @Override
    public LoopTarget listener(Loop loop, int slot, Listener listener) {
        return new NioTarget(loop, slot, ((NioTransport.NioListener) listener).channel);
    }

    @Override
    public LoopTarget accept(Loop loop, int slot, LoopTarget listener, boolean tcpNoDelay) throws IOException {
        SocketChannel ch = ((ServerSocketChannel) ((NioTarget) listener).channel).accept();
        if (ch == null) {
            return null;
        }
        try {
            if (tcpNoDelay) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ch.configureBlocking(false);
            return new NioTarget(loop, slot, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void register(LoopTarget t, int events) throws IOException {
        NioTarget n = (NioTarget) t;
        n.key = n.channel.register(selector, interestOps(n.channel, events), n);
    }

    @Override
    public void update(LoopTarget t, int events) {
        NioTarget n = (NioTarget) t;
        if (n.key.isValid()) { // a shared listener's key dies with its channel
            n.key.interestOps(interestOps(n.channel, events));
        }
    }

    @Override
    public void deregister(LoopTarget t) {
        NioTarget n = (NioTarget) t;
        if (n.key != null) {
            n.key.cancel();
            if (n.channel instanceof ServerSocketChannel) {
                deregisterCancelled(); // the OS closes the shared listener once every selector lets go of it
            }
        }
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
            events |= Picoev.READ;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            events |= Picoev.WRITE;
        }
        if (ready == readySlots.length) {
            readySlots = java.util.Arrays.copyOf(readySlots, ready * 2);
            readyEvents = java.util.Arrays.copyOf(readyEvents, ready * 2);
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

    /** Lets go of cancelled keys now rather than at the next wait. */
    private void deregisterCancelled() {
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
