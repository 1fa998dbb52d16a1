package dev.lamina.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of its own, created by the JVM: a platform thread ({@code lamina-netns}) {@code unshare}s into a new
 * namespace, sets {@code lo} up, opens the namespace file (the descriptor keeps the namespace alive) and returns to
 * the JVM's namespace. Creating it in the JVM avoids waiting for another process to have unshared.
 *
 * <p>Sockets are opened the same way: the namespace thread joins the namespace ({@code setns}), opens the channel
 * and returns; should returning fail, that thread ends, so no thread of the JVM is left in a foreign namespace.
 * Processes join through {@link #namespaceFile()}, {@code /proc/<jvm pid>/fd/<descriptor>}.
 *
 * <p>With egress, a {@link SlirpEgress} attached right after creation gives the namespace a default route to the
 * outside; it is stopped before the descriptor is released.
 *
 * <p>Needs {@code CAP_SYS_ADMIN} (root) and native access ({@code --enable-native-access=ALL-UNNAMED}).
 *
 * <p>The monitor guards {@code closed} and the forwards list, and is held while a socket is opened inside (a wait
 * for the namespace thread's quick task), so the descriptor is never closed under it.
 */
final class NetworkNamespace implements SandboxNetwork {
    private static final Path OWN = Path.of("/proc/thread-self/ns/net");

    private final int fd;
    private final Path file;
    private final List<HostPortForward> forwards = new CopyOnWriteArrayList<>();
    private volatile SlirpEgress egress;
    private boolean closed;

    private NetworkNamespace(int fd) {
        this.fd = fd;
        this.file = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd));
    }

    static NetworkNamespace create() throws IOException {
        return create(Optional.empty());
    }

    /** A new namespace; with {@code slirp}, one with outbound network through it ({@link SlirpEgress}). */
    static NetworkNamespace create(Optional<Path> slirp) throws IOException {
        NetworkNamespace namespace = createBare();
        if (slirp.isPresent()) {
            try {
                namespace.egress = SlirpEgress.start(slirp.get(), namespace.file);
            } catch (IOException | RuntimeException e) {
                namespace.close();
                throw e;
            }
        }
        return namespace;
    }

    private static NetworkNamespace createBare() throws IOException {
        return new NetworkNamespace(onNamespaceThread(() -> {
            int home = LinuxCalls.open(OWN);
            try {
                LinuxCalls.unshareNetwork();
                int created = -1;
                try {
                    created = LinuxCalls.open(OWN);
                    LinuxCalls.loopbackUp();
                    return created;
                } catch (IOException | RuntimeException e) {
                    if (created >= 0) {
                        LinuxCalls.close(created);
                    }
                    throw e;
                } finally {
                    returnHome(home);
                }
            } finally {
                LinuxCalls.close(home);
            }
        }));
    }

    /** Why namespaces cannot be created here, or empty when they can (creates and releases one). */
    static Optional<String> problem() {
        return problem(Optional.empty());
    }

    /** As {@link #problem()}, for a namespace with egress through {@code slirp} when given. */
    static Optional<String> problem(Optional<Path> slirp) {
        try {
            NetworkNamespace.create(slirp).close();
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

    /** With egress, slirp4netns's DNS forwarder ({@link SlirpEgress#DNS}), which relays to the host's resolver. */
    @Override
    public Optional<InetAddress> nameserver() {
        return egress == null ? Optional.empty() : Optional.of(SlirpEgress.dnsAddress());
    }

    /** slirp4netns's pid, or empty without egress. */
    Optional<Long> egressPid() {
        SlirpEgress e = egress;
        return e == null ? Optional.empty() : Optional.of(e.pid());
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
        return onNamespaceThread(() -> {
            int home = LinuxCalls.open(OWN);
            try {
                LinuxCalls.setNetwork(fd, file);
                try {
                    return action.run();
                } finally {
                    returnHome(home);
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
        SlirpEgress e = egress;
        if (e != null) {
            e.close();
        }
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

    /**
     * Runs {@code action} on the namespace thread and waits for it. The thread is one platform thread shared by all
     * namespaces (starting a thread per socket cost ~0.2–1 ms, a {@code setns} pair ~10–40 µs); an action must leave
     * it in the JVM's namespace, and when it cannot ({@link LeftInForeignNamespace}) the thread ends and the next
     * action gets a new one, so no thread stays in a foreign namespace.
     */
    private static <T> T onNamespaceThread(IoAction<T> action) throws IOException {
        CompletableFuture<T> result = new CompletableFuture<>();
        NAMESPACE_THREAD.execute(() -> {
            try {
                result.complete(action.run());
            } catch (LeftInForeignNamespace e) {
                result.completeExceptionally(e.getCause());
                throw e; // ends this worker; the executor starts a fresh one
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case IOException io -> throw io;
                        case RuntimeException r -> throw r;
                        case Error err -> throw err;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs the caller's steps in another namespace, then returns to {@code home}; failing to return is fatal. */
    private static void returnHome(int home) {
        try {
            LinuxCalls.setNetwork(home, OWN);
        } catch (IOException | RuntimeException e) {
            throw new LeftInForeignNamespace(e);
        }
    }

    /** The namespace thread could not return to the JVM's namespace: it must end. */
    private static final class LeftInForeignNamespace extends RuntimeException {
        LeftInForeignNamespace(Throwable cause) {
            super("cannot return to the JVM's network namespace", cause);
        }
    }

    private static final ThreadPoolExecutor NAMESPACE_THREAD = namespaceThread();

    private static ThreadPoolExecutor namespaceThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().stackSize(256 * 1024).name("lamina-netns").factory());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
