package io.picoev.loop.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * TCP sockets by file descriptor: the listener the seed opens ({@code SO_REUSEADDR},
 * {@code SO_REUSEPORT}, IPv6 dual-stack, non-blocking) and {@code sockaddr_in}/{@code sockaddr_in6}
 * to and from {@link InetSocketAddress}. Setup-time code: allocating here is fine.
 */
final class LinuxSocket {

    private static final int SOCKADDR_IN6_SIZE = 28;
    private static final int SOCKADDR_IN_SIZE = 16;

    private LinuxSocket() {
    }

    /**
     * Opens a non-blocking listening socket bound to {@code address} (wildcard: IPv6 with
     * {@code IPV6_V6ONLY} off, so IPv4 clients connect too; IPv4 only where IPv6 is absent).
     *
     * @throws BindException when the address is in use or not local, with the kernel's words
     *     (the same as NIO's, "Address already in use")
     */
    static int listen(Syscalls sys, InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort)
            throws IOException {
        return listen(sys, address, backlog, reuseAddress, reusePort, false);
    }

    /**
     * As {@link #listen(Syscalls, InetSocketAddress, int, boolean, boolean)}; with
     * {@code reusePortAfterBind}, {@code SO_REUSEPORT} is set after {@code bind} and before
     * {@code listen}: the bind still fails on a port another socket holds (with or without
     * {@code SO_REUSEPORT}), and later sockets with {@code SO_REUSEPORT} may then join this one's group.
     */
    static int listen(Syscalls sys, InetSocketAddress address, int backlog, boolean reuseAddress, boolean reusePort,
            boolean reusePortAfterBind) throws IOException {
        InetAddress host = address.getAddress();
        boolean any = host == null || host.isAnyLocalAddress();
        int family = host instanceof Inet4Address && !any ? Syscalls.AF_INET : Syscalls.AF_INET6;
        int type = Syscalls.SOCK_STREAM | Syscalls.SOCK_NONBLOCK | Syscalls.SOCK_CLOEXEC;
        int fd = sys.socket(family, type, 0);
        if (fd == -Syscalls.EAFNOSUPPORT && family == Syscalls.AF_INET6 && any) {
            family = Syscalls.AF_INET; // a kernel without IPv6
            fd = sys.socket(family, type, 0);
        }
        if (fd < 0) {
            throw failure("socket", fd);
        }
        try {
            if (family == Syscalls.AF_INET6) {
                check("setsockopt(IPV6_V6ONLY)", sys.setIntOption(fd, Syscalls.IPPROTO_IPV6, Syscalls.IPV6_V6ONLY, 0));
            }
            if (reuseAddress) {
                check("setsockopt(SO_REUSEADDR)", sys.setIntOption(fd, Syscalls.SOL_SOCKET, Syscalls.SO_REUSEADDR, 1));
            }
            if (reusePort) {
                check("setsockopt(SO_REUSEPORT)", sys.setIntOption(fd, Syscalls.SOL_SOCKET, Syscalls.SO_REUSEPORT, 1));
            }
            int length = write(sys.scratch, family, any ? null : host, address.getPort());
            int r = sys.bind(fd, sys.scratch.address(), length);
            if (r == -Syscalls.EADDRINUSE || r == -Syscalls.EADDRNOTAVAIL) {
                throw new BindException(Syscalls.describe(-r));
            }
            check("bind", r);
            if (reusePortAfterBind && !reusePort) {
                check("setsockopt(SO_REUSEPORT)", sys.setIntOption(fd, Syscalls.SOL_SOCKET, Syscalls.SO_REUSEPORT, 1));
            }
            check("listen", sys.listen(fd, backlog));
            return fd;
        } catch (IOException | RuntimeException e) {
            sys.close(fd);
            throw e;
        }
    }

    /** The address {@code fd} is bound to ({@code getsockname}), or its peer's ({@code peer}), or null. */
    static InetSocketAddress address(Syscalls sys, int fd, boolean peer) {
        int length = sys.socketName(fd, peer);
        return length < 0 ? null : read(sys.scratch, length);
    }

    /** Writes a {@code sockaddr} of {@code family} for {@code host} (null: the wildcard) and {@code port}. */
    static int write(MemorySegment to, int family, InetAddress host, int port) {
        to.asSlice(0, SOCKADDR_IN6_SIZE).fill((byte) 0);
        to.set(JAVA_SHORT, 0, (short) family);
        to.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
        if (host == null) {
            return family == Syscalls.AF_INET6 ? SOCKADDR_IN6_SIZE : SOCKADDR_IN_SIZE;
        }
        byte[] raw = host.getAddress();
        if (family == Syscalls.AF_INET) {
            MemorySegment.copy(raw, 0, to, JAVA_BYTE, 4, 4);
            return SOCKADDR_IN_SIZE;
        }
        if (raw.length == 4) { // an IPv4 address on an IPv6 socket: ::ffff:a.b.c.d
            to.set(JAVA_SHORT, 18, (short) -1);
            MemorySegment.copy(raw, 0, to, JAVA_BYTE, 20, 4);
        } else {
            MemorySegment.copy(raw, 0, to, JAVA_BYTE, 8, 16);
            if (host instanceof Inet6Address v6) {
                to.set(JAVA_INT, 24, v6.getScopeId());
            }
        }
        return SOCKADDR_IN6_SIZE;
    }

    /** Reads a {@code sockaddr_in} or {@code sockaddr_in6}; null for another family. */
    static InetSocketAddress read(MemorySegment from, int length) {
        int family = from.get(JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(from.get(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2));
        try {
            if (family == Syscalls.AF_INET && length >= SOCKADDR_IN_SIZE) {
                return new InetSocketAddress(InetAddress.getByAddress(from.asSlice(4, 4).toArray(JAVA_BYTE)), port);
            }
            if (family == Syscalls.AF_INET6 && length >= SOCKADDR_IN6_SIZE) {
                byte[] raw = from.asSlice(8, 16).toArray(JAVA_BYTE);
                int scope = from.get(JAVA_INT, 24);
                // getByAddress turns ::ffff:a.b.c.d into the IPv4 address, as NIO reports it
                InetAddress a = scope == 0 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, scope);
                return new InetSocketAddress(a, port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong length, which the checks above exclude
        }
        return null;
    }

    private static void check(String call, int r) throws IOException {
        if (r < 0) {
            throw failure(call, r);
        }
    }

    static IOException failure(String call, long r) {
        return new IOException(call + " failed: " + Syscalls.describe((int) -r));
    }
}
