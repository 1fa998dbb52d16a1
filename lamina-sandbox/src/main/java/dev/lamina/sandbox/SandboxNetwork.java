package dev.lamina.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a session's processes are on the network, and how the host JVM talks to them there: either the host's own
 * network (shared by every session) or a network namespace of their own, holding only a loopback interface.
 *
 * <p>Sockets the JVM opens through {@link #openServerSocket()} and {@link #openSocket()} live in this network
 * (a socket's namespace is fixed when it is created), so a server bound to {@code 127.0.0.1:9001} through an isolated
 * network is reachable from its sessions' processes at that address, and from nowhere else. The channels come back
 * unbound and unconnected; callers bind or connect them as usual, on any thread.
 *
 * <p>Thread-safe. {@link #close()} stops the forwards and releases the namespace once no socket uses it any more.
 */
public interface SandboxNetwork extends AutoCloseable {

    /** The host's network: plain sockets, no namespace, forwards are not needed. */
    static SandboxNetwork host() {
        return HostNetwork.INSTANCE;
    }

    /** True for a namespace of its own; false for the host's network. */
    boolean isolated();

    /** A new, unbound server socket in this network. */
    ServerSocketChannel openServerSocket() throws IOException;

    /** A new, unconnected (blocking) socket in this network. */
    SocketChannel openSocket() throws IOException;

    /**
     * The namespace file processes join ({@code nsenter --net=<file>}), valid while this network is open; empty for
     * the host's network.
     */
    Optional<Path> namespaceFile();

    /**
     * Makes TCP connections to {@code 127.0.0.1:<port>} inside this network reach {@code 127.0.0.1:<port>} of the
     * host (the JVM relays them); nothing to do on the host's network. Fails when the port is taken inside.
     */
    default void forwardToHost(int port) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        forwardToHost(loopback, loopback);
    }

    /**
     * Makes TCP connections to {@code inside} (a loopback address, e.g. {@code 127.0.0.2:9001}) in this network reach
     * {@code host} on the host's network; nothing to do on the host's network.
     */
    void forwardToHost(InetSocketAddress inside, InetSocketAddress host) throws IOException;

    /**
     * The resolver processes in this network should use instead of the host's {@code /etc/resolv.conf} (an isolated
     * network's own forwarder to the host's resolver, which also serves a host whose nameserver is a loopback
     * address); empty: the host's file.
     */
    default Optional<InetAddress> nameserver() {
        return Optional.empty();
    }

    /** A short description for logs, e.g. {@code isolated} or {@code shared}. */
    String description();

    @Override
    void close();
}
