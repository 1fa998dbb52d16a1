package dev.lamina.service.invoke;

import dev.lamina.environment.EnvironmentSpec;
import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.environment.Invocation;
import dev.lamina.environment.InvokeResult;
import dev.lamina.protocol.ErrorType;
import dev.lamina.service.code.CodeStore;
import dev.lamina.service.core.FunctionRecord;
import dev.lamina.service.core.FunctionRef;
import dev.lamina.service.core.FunctionService;
import dev.lamina.service.core.Identity;
import dev.lamina.service.core.LaminaException;
import dev.lamina.service.runtime.ResolvedRuntime;
import dev.lamina.service.runtime.RuntimeCatalog;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Invoke commands: DryRun only checks, Event runs in the background on a virtual thread, RequestResponse runs
 * on the caller's (virtual) thread and waits for the result, and for the log too when its tail was asked for.
 */
public final class InvokeService {

    private static final Logger LOG = LoggerFactory.getLogger(InvokeService.class);

    private final FunctionService functions;
    private final CodeStore code;
    private final RuntimeCatalog runtimes;
    private final EnvironmentPool pool;
    private final Identity identity;
    private final Duration margin;
    private final ExecutorService background;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Fast-lane invokes in flight → their deadline ({@link System#nanoTime()}); see {@link #armSweep()}. */
    private final Map<CompletableFuture<InvokeResult>, Long> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean sweepArmed = new AtomicBoolean();
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    /**
     * @param margin     how much longer than the function timeout an invoke waits for its result before its
     *                   environment is considered broken
     * @param background runs Event invokes (virtual threads)
     */
    public InvokeService(FunctionService functions, CodeStore code, RuntimeCatalog runtimes,
            EnvironmentPool pool, Identity identity, Duration margin, ExecutorService background) {
        this.functions = functions;
        this.code = code;
        this.runtimes = runtimes;
        this.pool = pool;
        this.identity = identity;
        this.margin = margin;
        this.background = background;
    }

    public InvokeOutcome invoke(InvokeFunction command) {
        FunctionRecord function = find(command.ref());
        return switch (command.type()) {
            case DRY_RUN -> new InvokeOutcome.Validated();
            case EVENT -> {
                background.execute(() -> runInBackground(command));
                yield new InvokeOutcome.Queued();
            }
            case REQUEST_RESPONSE -> {
                InvokeResult result = run(command, function);
                yield new InvokeOutcome.Completed(result, command.tailLog() ? tail(result, function) : null);
            }
        };
    }

    /**
     * The fast lane of a synchronous invoke (D43): when the function's record is cached and current and a warm
     * environment is idle, the invoke is started here without blocking and its outcome completes when the runtime
     * answers (on whatever thread completes the environment's result: callers must not block in dependent stages).
     * Null when the fast lane does not apply (another invocation type, a log tail, a record to read, an environment
     * to wait for or start, a throttle): then {@link #invoke} does the whole work.
     */
    public CompletableFuture<InvokeOutcome> tryInvokeWarm(InvokeFunction command) {
        FunctionRef ref = command.ref();
        if (command.type() != InvocationType.REQUEST_RESPONSE || command.tailLog() || ref.foreign() || !ref.isLatest()) {
            return null;
        }
        Cached c = cache.get(ref.name());
        if (c == null || c.generation() != pool.generation(ref.name())) {
            return null;
        }
        FunctionRecord function = c.function();
        Lease lease = pool.tryAcquireWarm(new PoolKey(function.name(), function.revisionId()));
        if (lease == null) {
            return null;
        }
        Duration bound = Duration.ofSeconds(function.timeoutSeconds()).plus(margin);
        ExecutionEnvironment env = lease.environment();
        CompletableFuture<InvokeResult> pending;
        try {
            pending = env.invoke(invocation(command));
            lease.startedWhen(pending);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(broken(lease, env, command, function, e));
        }
        inFlight.put(pending, System.nanoTime() + bound.toNanos());
        armSweep();
        return pending.handle((result, failure) -> {
            inFlight.remove(pending);
            if (failure != null) {
                throw new CompletionException(broken(lease, env, command, function, failure));
            }
            lease.releaseWhen(result.log());
            return new InvokeOutcome.Completed(result, null);
        });
    }

    /**
     * The fast lane's bound on a result (timeout + margin, like the blocking path's wait): one sweep a second while
     * fast-lane invokes are in flight fails those past their deadline, instead of a timer per invoke (scheduling and
     * cancelling one woke a timer thread on every invoke). The environment's own function timeout answers first.
     */
    private void armSweep() {
        if (sweepArmed.compareAndSet(false, true)) {
            pool.schedule(this::sweep, SWEEP_EVERY);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        inFlight.forEach((pending, deadline) -> {
            if (now - deadline > 0) {
                pending.completeExceptionally(new TimeoutException("no result within the function timeout + margin"));
            }
        });
        sweepArmed.set(false);
        if (!inFlight.isEmpty()) {
            armSweep();
        }
    }

    private LaminaException broken(Lease lease, ExecutionEnvironment env, InvokeFunction command,
            FunctionRecord function, Throwable e) {
        lease.broken();
        LOG.error("environment {} failed invoke {} of {}", env.id(), command.requestId(), function.name(), e);
        return new LaminaException(ErrorType.SERVICE, "The execution environment of " + function.name()
                + " failed: " + e);
    }

    /** A function record read at a pool generation (see {@link EnvironmentPool#generation}). */
    private record Cached(FunctionRecord function, long generation) {}

    /**
     * The function a reference names, as {@link FunctionService#find} reads it, but served from {@code cache} while
     * the function has not been retired since it was read: every update and delete retires the function after
     * storing the change, so a warm invoke does not need a registry transaction (the registry's one connection and
     * lock are shared by every request). Qualified and foreign references go to the registry (which rejects them).
     */
    private FunctionRecord find(FunctionRef ref) {
        if (ref.foreign() || !ref.isLatest()) {
            return functions.find(ref);
        }
        long generation = pool.generation(ref.name());
        Cached c = cache.get(ref.name());
        if (c != null && c.generation() == generation) {
            return c.function();
        }
        FunctionRecord f = functions.find(ref); // 404 when gone: nothing is cached then
        cache.put(ref.name(), new Cached(f, generation));
        return f;
    }

    private void runInBackground(InvokeFunction command) {
        try {
            InvokeResult result = run(command, find(command.ref()));
            if (!result.succeeded()) {
                LOG.info("event invoke {} of {} failed: {}", command.requestId(), command.ref().name(),
                        result.functionError());
            }
        } catch (RuntimeException e) {
            LOG.warn("event invoke {} of {} was not run: {}", command.requestId(), command.ref().name(),
                    e.getMessage());
        }
    }

    /** At most this many times an invoke re-reads a function that keeps changing while it waits. */
    private static final int STALE_ATTEMPTS = 5;

    private InvokeResult run(InvokeFunction command, FunctionRecord function) {
        FunctionRecord f = function;
        for (int attempt = 1; ; attempt++) {
            FunctionRecord wanted = f;
            Lease lease = pool.acquire(new PoolKey(f.name(), f.revisionId()), () -> spec(wanted),
                    Duration.ofSeconds(f.timeoutSeconds()));
            if (!lease.cold()) {
                // A warm environment is taken without waiting, from a pool that an update had not yet retired: the
                // function is as read just above (an update racing this invoke may also land right after a re-read).
                // Skipping the re-read saves a registry transaction on every warm invoke.
                return invoke(lease, command, f);
            }
            FunctionRecord current;
            try {
                // it may have changed (or gone) while we waited; read as warm invokes do (from the cache while the
                // function's pool generation is unchanged: every update and delete retires it after storing)
                current = find(command.ref());
            } catch (RuntimeException e) {
                lease.stale();
                throw e;
            }
            if (current.revisionId().equals(f.revisionId())) {
                return invoke(lease, command, f);
            }
            lease.stale();
            if (attempt == STALE_ATTEMPTS) {
                throw new LaminaException(ErrorType.RESOURCE_CONFLICT, "The operation cannot be performed at this "
                        + "time. An update is in progress for resource: " + identity.functionArn(f.name()));
            }
            f = current;
        }
    }

    private InvokeResult invoke(Lease lease, InvokeFunction command, FunctionRecord function) {
        Duration bound = Duration.ofSeconds(function.timeoutSeconds()).plus(margin);
        ExecutionEnvironment env = lease.environment();
        InvokeResult result;
        try {
            CompletableFuture<InvokeResult> pending = env.invoke(invocation(command));
            lease.startedWhen(pending);
            result = pending.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            lease.broken();
            LOG.error("environment {} failed invoke {} of {}", env.id(), command.requestId(), function.name(), e);
            throw new LaminaException(ErrorType.SERVICE, "The execution environment of " + function.name()
                    + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lease.broken();
            throw new LaminaException(ErrorType.SERVICE, "Interrupted while invoking " + function.name());
        }
        lease.releaseWhen(result.log());
        return result;
    }

    private Invocation invocation(InvokeFunction c) {
        return new Invocation(c.requestId(), c.payload(), c.contentType(), identity.functionArn(c.ref()),
                c.clientContext(), null, c.traceId(), c.tenantId());
    }

    private EnvironmentSpec spec(FunctionRecord f) {
        ResolvedRuntime runtime = runtimes.resolve(f.runtime());
        return new EnvironmentSpec(f.name(), "$LATEST", f.handler(), f.runtime(), code.extracted(f.codeSha256Hex()),
                functions.optRoot(f), runtime.runtimeDir(), runtime.executionEnv(), f.memoryMb(),
                Duration.ofSeconds(f.timeoutSeconds()), f.environment(), identity.region(), identity.accountId(),
                f.ephemeralStorageMb(), f.loggingConfig().logFormat(),
                f.loggingConfig().applicationLogLevel(), f.loggingConfig().systemLogLevel(),
                f.loggingConfig().logGroup());
    }

    private String tail(InvokeResult result, FunctionRecord function) {
        Duration bound = Duration.ofSeconds(function.timeoutSeconds()).plus(margin);
        try {
            return LogTail.base64(result.log().get(bound.toMillis(), TimeUnit.MILLISECONDS), LogTail.MAX_BYTES);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the log of invoke {} did not complete: {}", result.requestId(), e.toString());
            return LogTail.base64("", LogTail.MAX_BYTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LogTail.base64("", LogTail.MAX_BYTES);
        }
    }
}
