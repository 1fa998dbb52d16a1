package dev.lamina.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays TCP connections accepted on a listener inside a network namespace to a target on the host's network.
 * One virtual thread accepts; each connection gets a host-side connection and two virtual threads copying bytes,
 * each half-closing its destination at end of stream. Costs nothing but the listener while unused.
 */
final class HostPortForward implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostPortForward.class);

    private final ServerSocketChannel listener;
    private final InetSocketAddress target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HostPortForward(ServerSocketChannel listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    void start() {
        Thread.ofVirtual().name("lamina-forward-" + target.getPort()).start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel inside;
            try {
                inside = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("forward to {}: accept failed: {}", target, e.toString());
                }
                return;
            }
            Thread.ofVirtual().name("lamina-forward-" + target.getPort() + "-conn").start(() -> connect(inside));
        }
    }

    private void connect(SocketChannel inside) {
        open.add(inside);
        SocketChannel host;
        try {
            host = SocketChannel.open(target);
        } catch (IOException e) {
            LOG.debug("forward to {}: {}", target, e.toString());
            closeQuietly(inside);
            return;
        }
        open.add(host);
        if (closed) {
            closeQuietly(inside);
            closeQuietly(host);
            return;
        }
        AtomicInteger directions = new AtomicInteger(2);
        Thread.ofVirtual().name("lamina-forward-" + target.getPort() + "-in")
                .start(() -> copy(inside, host, directions));
        copy(host, inside, directions);
    }

    /** Copies until end of stream, then half-closes {@code to}; the second direction to end closes both. */
    private void copy(SocketChannel from, SocketChannel to, AtomicInteger directions) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
            if (directions.decrementAndGet() == 0) {
                closeQuietly(from);
                closeQuietly(to);
            }
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // the accept loop ends either way
        }
        open.forEach(this::closeQuietly);
    }
}
