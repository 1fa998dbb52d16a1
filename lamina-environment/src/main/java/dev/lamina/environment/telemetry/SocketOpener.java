package dev.lamina.environment.telemetry;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Opens the sockets subscribers are reached through: in the environment's own network when it has one (a socket's
 * network is fixed when it is created), so {@code sandbox.localdomain:<port>} is the subscriber's listener inside
 * that environment and no other.
 */
@FunctionalInterface
public interface SocketOpener {
    /** Plain sockets in the JVM's own network. */
    SocketOpener HOST = SocketChannel::open;

    /** A new, unconnected, blocking socket. */
    SocketChannel open() throws IOException;
}
