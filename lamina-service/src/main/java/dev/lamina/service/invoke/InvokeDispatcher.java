package dev.lamina.service.invoke;

import dev.lamina.environment.EnvironmentFactory;
import dev.lamina.environment.EnvironmentSpec;
import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.protocol.ErrorType;
import dev.lamina.service.core.EnvironmentRetirer;
import dev.lamina.service.core.LaminaException;
import dev.lamina.service.core.ThrottledException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keeps one environment per function and serialises invokes on it. Thread-safe: {@code slots} and {@code live} are
 * concurrent collections; each slot and handle guards its own state.
 */
public final class InvokeDispatcher implements EnvironmentRetirer, AutoCloseable {

    private final EnvironmentFactory factory;
    private final Path tmpRoot;
    private final ConcurrentHashMap<String, FunctionSlot> slots = new ConcurrentHashMap<>();
    private final Set<EnvironmentHandle> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param tmpRoot where each environment gets its private {@code /tmp}, {@code <tmpRoot>/<uuid>}, removed when the
     *                environment is closed
     */
    public InvokeDispatcher(EnvironmentFactory factory, Path tmpRoot) {
        this.factory = factory;
        this.tmpRoot = tmpRoot;
    }

    /**
     * Waits for the function's turn.
     *
     * @throws ThrottledException when the turn did not come within {@code bound}
     */
    Lease acquire(String functionName, Duration bound) {
        if (closed) {
            throw new LaminaException(ErrorType.SERVICE, "Lamina is shutting down");
        }
        FunctionSlot slot = slots.computeIfAbsent(functionName, n -> new FunctionSlot());
        try {
            if (!slot.turn.tryAcquire(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ThrottledException(ThrottledException.CONCURRENT_INVOCATION_LIMIT_EXCEEDED, 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaminaException(ErrorType.SERVICE, "Interrupted while waiting to invoke " + functionName);
        }
        return new Lease(this, slot);
    }

    EnvironmentHandle createHandle(String revisionId, Function<Path, EnvironmentSpec> spec) {
        if (closed) {
            throw new LaminaException(ErrorType.SERVICE, "Lamina is shutting down");
        }
        Path tmp = tmpRoot.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the environment /tmp " + tmp, e);
        }
        ExecutionEnvironment env;
        try {
            env = factory.create(spec.apply(tmp));
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the creation failure is what matters
            }
            throw e;
        }
        EnvironmentHandle handle = new EnvironmentHandle(env, tmp, revisionId);
        live.add(handle);
        live.removeIf(EnvironmentHandle::isClosed);
        return handle;
    }

    @Override
    public void retire(String functionName) {
        FunctionSlot slot = slots.get(functionName);
        if (slot != null) {
            slot.retire();
        }
    }

    /** Shuts every environment down, running or not, and waits until they are closed. */
    @Override
    public void close() {
        closed = true;
        List<Thread> closers = new ArrayList<>();
        for (EnvironmentHandle h : live) {
            closers.add(Thread.ofVirtual().name("lamina-env-shutdown").start(h::close));
        }
        for (Thread t : closers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        live.clear();
    }
}
