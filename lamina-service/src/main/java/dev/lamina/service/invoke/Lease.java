package dev.lamina.service.invoke;

import dev.lamina.environment.EnvironmentSpec;
import dev.lamina.environment.ExecutionEnvironment;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One invoke's turn on a function. Closing the lease gives the turn back, unless it was handed over to the invoke's
 * log future with {@link #releaseWhen}, which gives it back when the environment is free again.
 */
final class Lease implements AutoCloseable {

    private final InvokeDispatcher dispatcher;
    private final FunctionSlot slot;
    private final AtomicBoolean released = new AtomicBoolean();
    private EnvironmentHandle handle;
    private boolean handedOver;

    Lease(InvokeDispatcher dispatcher, FunctionSlot slot) {
        this.dispatcher = dispatcher;
        this.slot = slot;
    }

    /** The function's environment for this revision, created from {@code spec} (given a fresh /tmp) if needed. */
    ExecutionEnvironment environment(String revisionId, Function<Path, EnvironmentSpec> spec) {
        handle = slot.take(revisionId, revision -> dispatcher.createHandle(revision, spec));
        return handle.environment();
    }

    /** The environment is unusable (its invoke failed unexpectedly): retire it. */
    void broken() {
        if (handle != null) {
            slot.retire(handle);
        }
    }

    /** Keeps the turn until {@code free} completes. */
    void releaseWhen(CompletableFuture<?> free) {
        handedOver = true;
        free.whenComplete((ignored, failure) -> release());
    }

    @Override
    public void close() {
        if (!handedOver) {
            release();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            if (handle != null) {
                handle.done();
            }
            slot.turn.release();
        }
    }
}
