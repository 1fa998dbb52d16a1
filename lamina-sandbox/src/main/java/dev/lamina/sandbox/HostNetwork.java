package dev.lamina.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;

/** The host's network, shared by every session: ordinary sockets. */
final class HostNetwork implements SandboxNetwork {
    static final HostNetwork INSTANCE = new HostNetwork();

    private HostNetwork() {}

    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public ServerSocketChannel openServerSocket() throws IOException {
        return ServerSocketChannel.open();
    }

    @Override
    public SocketChannel openSocket() throws IOException {
        return SocketChannel.open();
    }

    @Override
    public Optional<Path> namespaceFile() {
        return Optional.empty();
    }

    @Override
    public void forwardToHost(InetSocketAddress inside, InetSocketAddress host) {
        // already the host's network
    }

    @Override
    public String description() {
        return "shared";
    }

    @Override
    public void close() {
        // nothing is owned
    }
}
