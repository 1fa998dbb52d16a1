package dev.lamina.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network namespace of its own, created by the JVM: a platform thread of its own {@code unshare}s into a new
 * namespace, sets {@code lo} up, opens the namespace file (the descriptor keeps the namespace alive) and returns to
 * the JVM's namespace. Creating it in the JVM avoids waiting for another process to have unshared.
 *
 * <p>Sockets are opened the same way: a short-lived platform thread joins the namespace ({@code setns}), opens the
 * channel and returns; it then ends, so no thread of the JVM can be left behind in a foreign namespace even if
 * returning failed. Processes join through {@link #namespaceFile()}, {@code /proc/<jvm pid>/fd/<descriptor>}.
 *
 * <p>Needs {@code CAP_SYS_ADMIN} (root) and native access ({@code --enable-native-access=ALL-UNNAMED}).
 *
 * <p>The monitor guards {@code closed} and the forwards list, and is held while a socket is opened inside (a bounded
 * join of the short-lived thread), so the descriptor is never closed under it.
 */
final class NetworkNamespace implements SandboxNetwork {
    private static final Path OWN = Path.of("/proc/thread-self/ns/net");

    private final int fd;
    private final Path file;
    private final List<HostPortForward> forwards = new CopyOnWriteArrayList<>();
    private boolean closed;

    private NetworkNamespace(int fd) {
        this.fd = fd;
        this.file = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd));
    }

    static NetworkNamespace create() throws IOException {
        return new NetworkNamespace(onOwnThread(() -> {
            int home = LinuxCalls.open(OWN);
            try {
                LinuxCalls.unshareNetwork();
                int created = LinuxCalls.open(OWN);
                try {
                    LinuxCalls.loopbackUp();
                } catch (IOException | RuntimeException e) {
                    LinuxCalls.close(created);
                    throw e;
                }
                LinuxCalls.setNetwork(home, OWN);
                return created;
            } finally {
                LinuxCalls.close(home);
            }
        }));
    }

    /** Why namespaces cannot be created here, or empty when they can (creates and releases one). */
    static Optional<String> problem() {
        try {
            NetworkNamespace.create().close();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException | LinkageError e) { // native access denied, no such symbol
            return Optional.of(e.toString());
        }
    }

    @Override
    public boolean isolated() {
        return true;
    }

    @Override
    public ServerSocketChannel openServerSocket() throws IOException {
        return inside(ServerSocketChannel::open);
    }

    @Override
    public SocketChannel openSocket() throws IOException {
        return inside(SocketChannel::open);
    }

    @Override
    public Optional<Path> namespaceFile() {
        return Optional.of(file);
    }

    @Override
    public void forwardToHost(InetSocketAddress inside, InetSocketAddress host) throws IOException {
        ServerSocketChannel listener = openServerSocket();
        try {
            listener.bind(inside);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot forward " + inside + " to the host's " + host + ": " + e.getMessage(), e);
        }
        HostPortForward forward = new HostPortForward(listener, host);
        synchronized (this) {
            if (closed) {
                forward.close();
                throw new IOException("network " + file + " is closed");
            }
            forwards.add(forward);
        }
        forward.start();
    }

    /** Held for the whole call, so {@link #close()} cannot release the descriptor while a thread joins through it. */
    private synchronized <T> T inside(IoAction<T> action) throws IOException {
        if (closed) {
            throw new IOException("network " + file + " is closed");
        }
        return onOwnThread(() -> {
            int home = LinuxCalls.open(OWN);
            try {
                LinuxCalls.setNetwork(fd, file);
                try {
                    return action.run();
                } finally {
                    LinuxCalls.setNetwork(home, OWN);
                }
            } finally {
                LinuxCalls.close(home);
            }
        });
    }

    @Override
    public String description() {
        return "isolated";
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        forwards.forEach(HostPortForward::close);
        LinuxCalls.close(fd);
    }

    @Override
    public String toString() {
        return "NetworkNamespace[" + file + "]";
    }

    @FunctionalInterface
    interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} on a new platform thread, so namespace changes never outlive it; waits for it. */
    private static <T> T onOwnThread(IoAction<T> action) throws IOException {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = Thread.ofPlatform().daemon().stackSize(128 * 1024).name("lamina-netns").start(() -> {
            try {
                result[0] = action.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        switch (failure[0]) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }
}
