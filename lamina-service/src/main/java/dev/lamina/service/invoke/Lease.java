package dev.lamina.service.invoke;

import dev.lamina.environment.ExecutionEnvironment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One invoke's hold on an environment of the pool, and on its place in the concurrency limits. A cold lease also
 * holds a start slot until the environment's first result ({@link #startedWhen}). The environment goes back to the
 * pool when the invoke's log completes ({@link #releaseWhen}), or is dropped ({@link #broken}, {@link #stale}).
 */
final class Lease {

    private final EnvironmentPool pool;
    private final EnvironmentHandle handle;
    private final AtomicBoolean startSlotHeld;
    private final AtomicBoolean released = new AtomicBoolean();
    private final boolean cold;

    Lease(EnvironmentPool pool, EnvironmentHandle handle, boolean cold) {
        this.pool = pool;
        this.handle = handle;
        this.startSlotHeld = new AtomicBoolean(cold);
        this.cold = cold;
    }

    /** Whether the environment is new (the invoke may have waited for a start slot), rather than taken warm. */
    boolean cold() {
        return cold;
    }

    ExecutionEnvironment environment() {
        return handle.environment();
    }

    /** Gives the start slot back once the first invoke's result is known (the environment has initialised). */
    void startedWhen(CompletableFuture<?> result) {
        if (startSlotHeld.get()) {
            result.whenComplete((ignored, failure) -> releaseStartSlot());
        }
    }

    /** Gives the environment back to the pool when {@code free} (the invoke's log) completes. */
    void releaseWhen(CompletableFuture<?> free) {
        free.whenComplete((ignored, failure) -> release(false));
    }

    /** The environment failed unexpectedly (its invoke threw, or never answered): drop it. */
    void broken() {
        release(true);
    }

    /** The function changed while this invoke waited: retire the outdated pool and drop the environment. */
    void stale() {
        pool.retire(handle.pool);
        release(true);
    }

    private void releaseStartSlot() {
        if (startSlotHeld.compareAndSet(true, false)) {
            pool.startDone();
        }
    }

    private void release(boolean drop) {
        releaseStartSlot();
        if (released.compareAndSet(false, true)) {
            pool.release(handle, drop);
        }
    }
}
