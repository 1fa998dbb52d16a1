package dev.lamina.service.invoke;

import dev.lamina.environment.ExecutionEnvironment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One environment of the pool and the {@link VersionPool} it belongs to. The pool's
 * lock guards {@code inUse}, {@code idleGeneration} and {@code idleTimer}; {@link #close()} is thread-safe on its own
 * and is never called under that lock.
 */
final class EnvironmentHandle {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentHandle.class);

    private final ExecutionEnvironment environment;
    final VersionPool pool;
    boolean inUse;
    /** Bumped each time the environment becomes idle, so a stale idle timer recognises it was reused meanwhile. */
    long idleGeneration;
    Scheduler.Scheduled idleTimer;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    /** Completes when the first {@link #close()} has finished, so every closer can wait for it. */
    private final CompletableFuture<Void> closing = new CompletableFuture<>();

    EnvironmentHandle(ExecutionEnvironment environment, VersionPool pool) {
        this.environment = environment;
        this.pool = pool;
    }

    ExecutionEnvironment environment() {
        return environment;
    }

    /** Cancels the idle timer, if any. */
    void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    /** Spins the environment down (once); blocks until done, also for later callers. */
    void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            closing.join();
            return;
        }
        try {
            environment.close();
        } catch (RuntimeException e) {
            LOG.warn("closing environment {} failed", environment.id(), e);
        } finally {
            closing.complete(null);
        }
    }
}
