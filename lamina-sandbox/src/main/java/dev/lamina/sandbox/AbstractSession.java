package dev.lamina.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What plain and bubblewrap sessions share: the cgroup (or its fallbacks), the started processes, freezing,
 * memory, OOM classification and the teardown order (thaw, kill, wait, remove the cgroup, delete scratch files).
 *
 * <p>The monitor ({@code synchronized}) guards {@link #frozen} (written) and {@link #closed}; it is held
 * during quick process operations (fork, signals) and the bounded waits of freeze/kill/close, never while a
 * caller's callback runs.
 */
abstract class AbstractSession implements SandboxSession {
    /** Standard input of every process a session starts: none (a pipe nobody writes would only hold a buffer). */
    static final File NO_INPUT = new File("/dev/null");

    private static final Logger LOG = LoggerFactory.getLogger(AbstractSession.class);
    static final Duration KILL_WAIT = Duration.ofSeconds(5);

    final String id;
    final SessionSpec spec;
    final Optional<Cgroup> cgroup;
    final Path scratch;
    final List<StartedProcess> processes = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    /** A freeze ever fell back to SIGSTOP (no cgroup freezer): only then can a wrapper be left stopped. */
    private volatile boolean signalFrozen;
    private boolean closed;
    /** OOM kills already attributed to an exit; guarded by itself, never by the session monitor (see classify). */
    private final long[] oomSeen = new long[1];

    AbstractSession(String id, SessionSpec spec, Optional<Cgroup> cgroup, Path scratch) {
        this.id = id;
        this.spec = spec;
        this.cgroup = cgroup;
        this.scratch = scratch;
    }

    @Override
    public String id() {
        return id;
    }

    /** Every live process of the session as host pids, for the SIGSTOP fallback and procfs memory. */
    abstract List<Long> memberPids();

    /** Pids {@link #killAll()} must spare (the bubblewrap holder); empty for plain sessions. */
    abstract Set<Long> keepAlive();

    /** Kills what {@link #killAll()} spared and releases mounts; called once by {@link #close()}. */
    abstract void destroy();

    final synchronized void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("session " + id + " is closed");
        }
    }

    boolean frozen() {
        return frozen;
    }

    boolean signalFrozen() {
        return signalFrozen;
    }

    /**
     * An exit by SIGKILL counts as an OOM kill when the cgroup's oom_kill counter moved since the last one. Runs on
     * supervising threads, so it must not take the session monitor: {@link #killAll()} holds it while it waits for
     * exits.
     */
    ProcessExit classify(ProcessExit raw) {
        if (raw instanceof ProcessExit.Signaled(int n) && n == Signal.KILL.number() && cgroup.isPresent()) {
            long kills = cgroup.get().oomKills();
            synchronized (oomSeen) {
                if (kills > oomSeen[0]) {
                    oomSeen[0]++;
                    return new ProcessExit.OomKilled();
                }
            }
        }
        return raw;
    }

    @Override
    public synchronized void freeze() throws IOException {
        checkOpen();
        if (frozen) {
            return;
        }
        if (cgroup.isEmpty() || !cgroup.get().freeze()) {
            signalFrozen = true;
            stopAll();
        }
        frozen = true;
    }

    /** SIGSTOP to every member, again until no new one appeared (a child forked while we were stopping). */
    private void stopAll() throws SandboxException {
        Set<Long> stopped = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            List<Long> fresh = memberPids().stream().filter(p -> !stopped.contains(p)).toList();
            if (fresh.isEmpty()) {
                return;
            }
            fresh.forEach(p -> ProcessGroupSignaller.signalPid(p, Signal.STOP.number()));
            awaitStopped(fresh);
            stopped.addAll(fresh);
        }
    }

    private static void awaitStopped(List<Long> pids) throws SandboxException {
        long end = System.nanoTime() + KILL_WAIT.toNanos();
        for (long p : pids) {
            char state;
            // D: in the kernel (e.g. a vfork parent waiting for its stopped child); the pending SIGSTOP takes effect
            // before it returns to user space, so it runs no user code either
            while ((state = Procfs.state(p)) != 'T' && state != 't' && state != '?' && state != 'Z' && state != 'D') {
                if (System.nanoTime() > end) {
                    throw new SandboxException("SIGSTOP", Path.of("/proc", Long.toString(p)),
                            "still in state " + state, "the process may be in uninterruptible sleep");
                }
                LockSupport.parkNanos(500_000);
            }
        }
    }

    @Override
    public synchronized void thaw() throws IOException {
        checkOpen();
        thawQuietly();
    }

    /** Thaws; through the cgroup even when not marked frozen, as a failed freeze may have left tasks frozen. */
    private void thawQuietly() throws IOException {
        if (!frozen) {
            if (cgroup.isPresent()) {
                cgroup.get().thaw();
            }
            return;
        }
        if (cgroup.isEmpty() || !cgroup.get().thaw()) {
            memberPids().forEach(p -> ProcessGroupSignaller.signalPid(p, Signal.CONT.number()));
            processes.forEach(p -> p.wrapperPids()
                    .forEach(w -> ProcessGroupSignaller.signalPid(w, Signal.CONT.number())));
        }
        frozen = false;
    }

    @Override
    public OptionalLong memoryPeakBytes() {
        if (cgroup.isPresent()) {
            OptionalLong peak = cgroup.get().peakBytes();
            if (peak.isPresent()) {
                return peak;
            }
        }
        long sum = memberPids().stream().mapToLong(ProcStatusMemoryProbe::vmHwmBytes).sum();
        return sum > 0 ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    @Override
    public boolean resetPeak() {
        return cgroup.isPresent() && cgroup.get().resetPeak();
    }

    @Override
    public synchronized void killAll() {
        try {
            thawQuietly(); // a frozen task does not die until thawed
        } catch (IOException e) {
            LOG.warn("session {}: thaw before kill failed: {}", id, e.getMessage());
        }
        Set<Long> keep = keepAlive();
        long end = System.nanoTime() + KILL_WAIT.toNanos();
        long pause = 1_000_000;
        do {
            processes.forEach(StartedProcess::kill);
            Set<Long> others = new HashSet<>(memberPids());
            cgroup.ifPresent(c -> others.addAll(c.pids()));
            others.removeAll(keep);
            processes.forEach(p -> p.wrapperPids().forEach(others::remove)); // they exit with their target
            others.removeIf(p -> Procfs.state(p) == 'Z'); // reaped by its parent, not killable
            others.forEach(p -> ProcessGroupSignaller.signalPid(p, Signal.KILL.number()));
            processes.removeIf(p -> p.exit().isDone());
            if (processes.isEmpty() && others.isEmpty()) {
                return;
            }
            // backs off to 8 ms: a thousand sessions closing at once each polling every 2 ms starve the very exits
            // they wait for of CPU (two cores here)
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 8_000_000);
        } while (System.nanoTime() < end);
        LOG.warn("session {}: processes still alive {} ms after SIGKILL: {}", id, KILL_WAIT.toMillis(), processes);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            killAll();
            closed = true;
            destroy();
        }
        cgroup.ifPresent(c -> {
            long end = System.nanoTime() + KILL_WAIT.toNanos();
            Set<Long> left;
            long pause = 1_000_000;
            while (!(left = c.pids()).isEmpty() && System.nanoTime() < end) {
                left.forEach(p -> ProcessGroupSignaller.signalPid(p, Signal.KILL.number()));
                LockSupport.parkNanos(pause);
                pause = Math.min(pause * 2, 8_000_000);
            }
            try {
                c.remove(Duration.ofSeconds(2));
            } catch (SandboxException e) {
                LOG.warn("session {}: {}", id, e.getMessage());
            }
        });
        deleteTree(scratch);
    }

    /** Waits (bounded) for a JVM child to exit. */
    static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", root, SandboxException.errno(e));
        }
    }

    /** A short random id: 12 hex digits. */
    static String newId() {
        return java.util.HexFormat.of().toHexDigits(java.util.concurrent.ThreadLocalRandom.current().nextLong())
                .substring(4);
    }
}
