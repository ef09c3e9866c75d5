package io.picoev.loop.epoll;

import io.picoev.loop.Backend;
import io.picoev.loop.Listener;
import io.picoev.loop.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The Linux epoll transport, through the FFM API: no JNI library to ship. Found by name from
 * the Java 21 code (it lives in the Java 22 part of the multi-release jar), so package-private
 * like the rest of this package.
 */
final class EpollTransport implements TransportProvider {

    /** For lookup by name, from {@code io.picoev.loop.Transports}. */
    EpollTransport() {
    }

    @Override
    public String name() {
        return "epoll";
    }

    /**
     * Why epoll cannot work here, or null: it needs x86-64 or aarch64 (the constants and the
     * {@code epoll_event} layout are theirs) and native access enabled for this module, checked
     * before any restricted call so that {@code auto} never triggers the JDK's warning.
     */
    @Override
    public String unavailableReason() {
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "epoll is built for x86-64 and aarch64, this is " + arch;
        }
        Module module = EpollTransport.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String name = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            return "native access is not enabled for " + (module.isNamed() ? "module " + name : "the class path")
                + ": add --enable-native-access=" + name + " to the java command (an executable jar: the manifest"
                + " attribute Enable-Native-Access: ALL-UNNAMED)";
        }
        try (Syscalls sys = new Syscalls()) {
            long limit = sys.maxOpenFiles();
            return limit < 0 ? "getrlimit failed: " + Syscalls.describe((int) -limit) : null;
        } catch (LinkageError | RuntimeException e) {
            return "the C library could not be linked (" + e + ")";
        }
    }

    @Override
    public Backend newBackend(int capacity) throws IOException {
        return new EpollBackend();
    }

    @Override
    public Listener bind(InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort, int loops)
            throws IOException {
        return EpollListener.bind(address, backlog, reuseAddress, reusePort, loops);
    }
}
