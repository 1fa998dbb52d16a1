package dev.lamina.environment;

import dev.lamina.environment.runtimeapi.RuntimeApiServer;
import dev.lamina.sandbox.SandboxNetwork;
import dev.lamina.sandbox.SandboxSession;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox sessions opened ahead of demand (docs/decisions.md D60): after an environment of some session shape (code,
 * layers, runtime, memory, {@code /tmp} size) is created, one more session of that shape is opened in the background,
 * with the network it lives in and the Runtime API's socket bound in that network (D61), so the next new environment
 * of the shape takes it instead of opening its own on the cold-start path (the bubblewrap holder's start and mounts
 * are most of Lamina's share of a cold start). It opens {@link #REFILL_DELAY} after the take, so it does not compete
 * for the CPU with the cold start that asked for it.
 *
 * <p>Bounded and never leaking: at most one ready session per shape and {@link #MAX_READY} in all; a ready session
 * not taken within {@link #TTL} is closed (a deleted function's shape leaves nothing behind for long), and
 * {@link #close()} closes every ready one and waits for those still opening, which close themselves once open. A shape is its paths and the
 * identity of the files there ({@code fileKey}: a directory replaced at the same path is a new shape, since a session
 * binds the old one), so a prepared session is exactly the session the environment would open itself.
 *
 * <p>Threads: sessions open and close on virtual threads ({@code lamina-prepare-*}); the expiry timer runs on an event
 * loop and only starts such a thread. The monitor guards the maps and {@code closed}; it is held for CPU work only,
 * never while a session or network is opened or closed.
 */
final class PreparedSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedSessions.class);
    static final int MAX_READY = 8;
    static final Duration TTL = Duration.ofSeconds(5);
    /** How long after a take the next session of the shape starts opening: after the taker's cold start, mostly. */
    static final Duration REFILL_DELAY = Duration.ofMillis(100);
    /** How long {@link #close()} waits for sessions still opening (a bubblewrap start takes 25–100 ms). */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /**
     * A session with the network its processes enter and the Runtime API's socket, bound and listening in that
     * network (D61), opened for {@code spec}'s shape.
     */
    record Prepared(SandboxNetwork network, SandboxSession session, ServerSocketChannel runtimeApi) {}

    private record Shape(Path taskRoot, Object taskKey, Path optRoot, Object optKey, Path runtimeDir,
            Object runtimeKey, int memoryMb, int ephemeralStorageMb, InetSocketAddress laminaApi) {}

    private final EnvironmentSandbox sandbox;
    private final EventLoopGroup timers;
    private final Map<Shape, Prepared> ready = new HashMap<>();
    private final Set<Shape> opening = new HashSet<>();
    private final AtomicLong names = new AtomicLong();
    private boolean closed;
    /** Opens not yet settled (kept, or closed again) and expiry closes not yet done: {@link #close()} waits. */
    private int inFlight;

    PreparedSessions(EnvironmentSandbox sandbox, EventLoopGroup timers) {
        this.sandbox = sandbox;
        this.timers = timers;
    }

    /**
     * A ready session of {@code spec}'s shape, or null; either way one more of the shape is opened in the background
     * (unless one is ready or opening already).
     */
    Prepared take(EnvironmentSpec spec) {
        Shape shape = shape(spec);
        if (shape == null) {
            return null;
        }
        Prepared taken;
        synchronized (this) {
            if (closed) {
                return null;
            }
            taken = ready.remove(shape);
            if (!opening.add(shape)) {
                return taken;
            }
        }
        // later, not now: on a small machine the bubblewrap start would slow down the cold start that asked for it
        timers.schedule(() -> Thread.ofVirtual().name("lamina-prepare-" + names.incrementAndGet())
                .start(() -> open(shape, spec)), REFILL_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        return taken;
    }

    private void open(Shape shape, EnvironmentSpec spec) {
        synchronized (this) {
            if (closed) {
                opening.remove(shape);
                return;
            }
            inFlight++;
        }
        try {
            openAndKeep(shape, spec);
        } finally {
            synchronized (this) {
                inFlight--;
                notifyAll();
            }
        }
    }

    private void openAndKeep(Shape shape, EnvironmentSpec spec) {
        Prepared p;
        try {
            p = openPrepared(spec);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot open a session ahead of demand: {}", e.toString());
            synchronized (this) {
                opening.remove(shape);
            }
            return;
        }
        boolean keep;
        synchronized (this) {
            opening.remove(shape);
            keep = !closed && !ready.containsKey(shape) && ready.size() < MAX_READY;
            if (keep) {
                ready.put(shape, p);
            }
        }
        if (!keep) {
            close(p);
            return;
        }
        timers.schedule(() -> expire(shape, p), TTL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Prepared openPrepared(EnvironmentSpec spec) throws IOException {
        SandboxNetwork network = sandbox.openNetwork();
        ServerSocketChannel socket = null;
        try {
            socket = RuntimeApiServer.listen(network,
                    network.isolated() ? EnvironmentSandbox.RUNTIME_API_PORT : 0);
            return new Prepared(network, sandbox.open("prepared-" + names.get(), spec, network), socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            network.close();
            throw e;
        }
    }

    private void expire(Shape shape, Prepared p) {
        synchronized (this) {
            if (!ready.remove(shape, p)) {
                return; // taken meanwhile
            }
            inFlight++;
        }
        Thread.ofVirtual().name("lamina-prepare-close").start(() -> {
            try {
                close(p);
            } finally {
                synchronized (this) {
                    inFlight--;
                    notifyAll();
                }
            }
        });
    }

    private static void close(Prepared p) {
        try {
            closeQuietly(p.runtimeApi());
            p.session().close();
        } finally {
            p.network().close();
        }
    }

    static void closeQuietly(ServerSocketChannel socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("cannot close a Runtime API socket opened ahead of demand: {}", e.toString());
        }
    }

    /**
     * Closes every ready session, and waits (at most {@link #CLOSE_WAIT}) for those still opening, which close
     * themselves once open: when it returns nothing of theirs is left (processes, cgroups, scratch files).
     */
    @Override
    public void close() {
        List<Prepared> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(ready.values());
            ready.clear();
        }
        left.forEach(PreparedSessions::close);
        boolean interrupted = false;
        synchronized (this) {
            long end = System.nanoTime() + CLOSE_WAIT.toNanos();
            long remaining;
            while (inFlight > 0 && (remaining = end - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (inFlight > 0) {
                LOG.warn("{} session(s) opened ahead of demand still opening {} s after close", inFlight,
                        CLOSE_WAIT.toSeconds());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many sessions are ready to be taken (tests). */
    synchronized int ready() {
        return ready.size();
    }

    /** Null when a path cannot be read: no session is prepared for it. */
    private Shape shape(EnvironmentSpec spec) {
        try {
            return new Shape(spec.taskRoot(), fileKey(spec.taskRoot()), spec.optRoot(), fileKey(spec.optRoot()),
                    spec.runtimeDir(), fileKey(spec.runtimeDir()), spec.memoryMb(), spec.ephemeralStorageMb(),
                    sandbox.laminaApi().get());
        } catch (IOException e) {
            return null;
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return path == null ? null : Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }
}
