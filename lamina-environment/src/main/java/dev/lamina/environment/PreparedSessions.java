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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox sessions opened ahead of demand (docs/decisions.md D60, D76): after an environment of some session shape
 * (code, layers, runtime, memory, {@code /tmp} size) is created, sessions of that shape are opened in the background,
 * up to {@link #DEPTH}, each with the network it lives in and the Runtime API's socket bound in that
 * network (D61), so the next new environments of the shape take them instead of opening their own on the cold-start
 * path. Those missing open side by side. The first opens {@link #REFILL_DELAY} after the take, so it does not compete for the CPU with the cold start
 * that asked for it. A take that finds none ready but one opening waits for that one (never slower than opening its
 * own).
 *
 * <p>Bounded and never leaking: at most {@link #DEPTH} ready sessions per shape and {@link #MAX_READY} in all; a
 * ready session not taken within {@link #TTL} is closed (a deleted function's shape leaves nothing behind for long),
 * and {@link #close()} closes every ready one and waits for those still opening, which close themselves once open. A
 * shape is its paths and the identity of the files there ({@code fileKey}: a directory replaced at the same path is a
 * new shape, since a session binds the old one), so a prepared session is exactly the session the environment would
 * open itself.
 *
 * <p>Threads: sessions open and close on small platform threads ({@code lamina-prepare-*}: opening blocks on pipe
 * reads, which would pin a virtual thread's carrier); the expiry and refill timers run
 * on an event loop and only start such a thread. The monitor guards the maps, the {@link Opening}s and
 * {@code closed}; it is held for CPU work only, never while a session or network is opened or closed. A take may
 * wait (at most {@link #CLAIM_WAIT}) for a session being opened, without the monitor.
 */
final class PreparedSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedSessions.class);
    static final int MAX_READY = 8;
    /** Ready sessions kept per shape: two, so back-to-back cold starts find one while the next is still opening. */
    static final int DEPTH = 2;
    static final Duration TTL = Duration.ofSeconds(5);
    /** How long after a take the next session of the shape starts opening: after the taker's cold start, mostly. */
    static final Duration REFILL_DELAY = Duration.ofMillis(100);
    /** The longest a session due for opening waits for running cold starts to finish (default; tests set another). */
    static final Duration MAX_DEFERRAL = Duration.ofSeconds(1);
    /** How long {@link #close()} waits for sessions still opening (a bubblewrap start takes 25–100 ms). */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** How long a take waits for the session being opened for its shape before it opens its own instead. */
    static final Duration CLAIM_WAIT = Duration.ofSeconds(2);

    /**
     * A session with the network its processes enter and the Runtime API's socket, bound and listening in that
     * network (D61), opened for {@code spec}'s shape.
     */
    record Prepared(SandboxNetwork network, SandboxSession session, ServerSocketChannel runtimeApi) {}

    private record Shape(Path taskRoot, Object taskKey, Path optRoot, Object optKey, Path runtimeDir,
            Object runtimeKey, int memoryMb, int ephemeralStorageMb, InetSocketAddress laminaApi) {}

    /**
     * One session of a shape being opened: scheduled ({@link #REFILL_DELAY}), then opening. A {@link #take} that finds
     * no ready session claims it (starting it at once if still scheduled) and waits for it: it is never slower than
     * opening one of its own, and back-to-back cold starts of a shape stop alternating between a prepared session
     * and none (the refill of one take was still opening at the next). Fields guarded by the PreparedSessions monitor.
     */
    private static final class Opening {
        final CompletableFuture<Prepared> handed = new CompletableFuture<>();
        final Shape shape;
        final EnvironmentSpec spec;
        boolean started;
        /** Its delay is over, but a cold start was still running: it starts when none is (or at its deadline). */
        boolean due;
        boolean claimed;
        boolean abandoned;

        Opening(Shape shape, EnvironmentSpec spec) {
            this.shape = shape;
            this.spec = spec;
        }
    }

    private final EnvironmentSandbox sandbox;
    private final EventLoopGroup timers;
    private final Duration maxDeferral;
    /** Per shape, at most {@link #DEPTH}, the newest last; {@link #readyCount} of them in all. */
    private final Map<Shape, ArrayDeque<Prepared>> ready = new HashMap<>();
    private int readyCount;
    /** Per shape, the sessions being opened (scheduled or opening), oldest first; at most {@link #DEPTH}. */
    private final Map<Shape, ArrayDeque<Opening>> opening = new HashMap<>();
    private final AtomicLong names = new AtomicLong();
    private boolean closed;
    /** Cold starts that took (or tried to take) a session and have not answered their first invoke yet. */
    private int coldStarts;
    /** Opens not yet settled (kept, or closed again) and expiry closes not yet done: {@link #close()} waits. */
    private int inFlight;

    PreparedSessions(EnvironmentSandbox sandbox, EventLoopGroup timers, Duration maxDeferral) {
        this.sandbox = sandbox;
        this.timers = timers;
        this.maxDeferral = maxDeferral;
    }

    /**
     * A ready session of {@code spec}'s shape; else the one being opened for the shape, waited for (at most
     * {@link #CLAIM_WAIT}); else null. Then the sessions the shape lacks are scheduled ({@link #refill}). The caller
     * calls {@link #coldStartDone()} once its cold start is over.
     */
    Prepared take(EnvironmentSpec spec) {
        synchronized (this) {
            coldStarts++; // until coldStartDone, whatever this take finds
        }
        Shape shape = shape(spec);
        if (shape == null) {
            return null;
        }
        Opening claimed = null;
        boolean startNow = false;
        synchronized (this) {
            if (closed) {
                return null;
            }
            Prepared taken = poll(shape);
            Opening o = taken != null ? null : unclaimed(shape);
            if (o == null) {
                refill(shape, spec);
                return taken;
            }
            o.claimed = true;
            startNow = !o.started;
            o.started = true;
            claimed = o;
        }
        if (startNow) {
            startOpen(shape, spec, claimed);
        }
        Prepared p = awaitClaimed(claimed);
        synchronized (this) {
            refill(shape, spec);
        }
        return p;
    }

    /** The longest a session due for opening waits for running cold starts ({@link #MAX_DEFERRAL} by default). */
    Duration maxDeferral() {
        return maxDeferral;
    }

    private Prepared awaitClaimed(Opening o) {
        try {
            return o.handed.get(CLAIM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // fall through: open one of our own
        }
        synchronized (this) {
            if (o.handed.isDone() && !o.handed.isCompletedExceptionally()) {
                return o.handed.join(); // handed over just now
            }
            o.abandoned = true; // when it opens, it goes to the ready map as an unclaimed one would
        }
        return null;
    }

    /** The oldest session of {@code shape} being opened that no take has claimed yet, or null. Monitor held. */
    private Opening unclaimed(Shape shape) {
        ArrayDeque<Opening> q = opening.get(shape);
        if (q != null) {
            for (Opening o : q) {
                if (!o.claimed) {
                    return o;
                }
            }
        }
        return null;
    }

    private void forget(Shape shape, Opening o) {
        ArrayDeque<Opening> q = opening.get(shape);
        if (q != null && q.remove(o) && q.isEmpty()) {
            opening.remove(shape);
        }
    }

    /** The newest ready session of {@code shape}, removed; null if none. Monitor held. */
    private Prepared poll(Shape shape) {
        ArrayDeque<Prepared> q = ready.get(shape);
        if (q == null) {
            return null;
        }
        Prepared p = q.pollLast();
        if (q.isEmpty()) {
            ready.remove(shape);
        }
        if (p != null) {
            readyCount--;
        }
        return p;
    }

    /**
     * Schedules sessions of {@code shape} until ready and opening ones make {@link #DEPTH}: they open side by side
     * (most of an open is waiting for the cgroup joins' RCU grace period, which parallel joins share). Monitor held.
     */
    private void refill(Shape shape, EnvironmentSpec spec) {
        ArrayDeque<Prepared> q = ready.get(shape);
        ArrayDeque<Opening> os = opening.computeIfAbsent(shape, k -> new ArrayDeque<>());
        while (!closed && (q == null ? 0 : q.size()) + os.size() < DEPTH) {
            Opening o = new Opening(shape, spec);
            os.addLast(o);
            // later, not now: on a small machine the bubblewrap start would slow down the cold start that asked for it
            timers.schedule(() -> startWhenQuiet(o, false), REFILL_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            timers.schedule(() -> startWhenQuiet(o, true), maxDeferral.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (os.isEmpty()) {
            opening.remove(shape);
        }
    }

    /**
     * The delay after the take is over: open now, or once no cold start is running (D79); at its {@code deadline},
     * open anyway. Nothing if a take claimed and started it already.
     */
    private void startWhenQuiet(Opening o, boolean deadline) {
        synchronized (this) {
            if (o.started) {
                return;
            }
            if (coldStarts > 0 && !deadline) {
                o.due = true;
                return;
            }
            o.started = true;
        }
        startOpen(o.shape, o.spec, o);
    }

    /**
     * A cold start that called {@link #take} has answered its first invoke (or failed, or gave up waiting): sessions
     * whose delay is over open once no other cold start is running. Call once per take.
     */
    void coldStartDone() {
        List<Opening> start = new ArrayList<>();
        synchronized (this) {
            coldStarts = Math.max(0, coldStarts - 1);
            if (coldStarts > 0) {
                return;
            }
            for (ArrayDeque<Opening> os : opening.values()) {
                for (Opening o : os) {
                    if (o.due && !o.started) {
                        o.started = true;
                        start.add(o);
                    }
                }
            }
        }
        start.forEach(o -> startOpen(o.shape, o.spec, o));
    }

    private void startOpen(Shape shape, EnvironmentSpec spec, Opening o) {
        // a platform thread: opening reads bubblewrap's and slirp4netns's pipes, and a blocking pipe read on a virtual
        // thread pins its carrier (two on this machine), delaying every request handler meanwhile
        Thread.ofPlatform().daemon().stackSize(256 * 1024).name("lamina-prepare-" + names.incrementAndGet())
                .start(() -> open(shape, spec, o));
    }

    private void open(Shape shape, EnvironmentSpec spec, Opening o) {
        synchronized (this) {
            if (closed) {
                forget(shape, o);
                o.handed.complete(null);
                return;
            }
            inFlight++;
        }
        try {
            openAndKeep(shape, spec, o);
        } finally {
            synchronized (this) {
                inFlight--;
                notifyAll();
            }
        }
    }

    private void openAndKeep(Shape shape, EnvironmentSpec spec, Opening o) {
        Prepared p;
        try {
            p = openPrepared(spec);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot open a session ahead of demand: {}", e.toString());
            synchronized (this) {
                forget(shape, o);
                o.handed.complete(null);
            }
            return;
        }
        boolean keep;
        synchronized (this) {
            forget(shape, o);
            if (o.claimed && !o.abandoned && !closed) {
                o.handed.complete(p); // the taker waiting for it owns it now
                return;
            }
            ArrayDeque<Prepared> q = ready.get(shape);
            keep = !closed && (q == null || q.size() < DEPTH) && readyCount < MAX_READY;
            if (keep) {
                ready.computeIfAbsent(shape, k -> new ArrayDeque<>()).addLast(p);
                readyCount++;
            }
        }
        o.handed.complete(null);
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
            ArrayDeque<Prepared> q = ready.get(shape);
            if (q == null || !q.remove(p)) {
                return; // taken meanwhile
            }
            readyCount--;
            if (q.isEmpty()) {
                ready.remove(shape);
            }
            inFlight++;
        }
        Thread.ofPlatform().daemon().stackSize(256 * 1024).name("lamina-prepare-close").start(() -> {
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
            left = new ArrayList<>();
            ready.values().forEach(left::addAll);
            ready.clear();
            readyCount = 0;
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
        return readyCount;
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
