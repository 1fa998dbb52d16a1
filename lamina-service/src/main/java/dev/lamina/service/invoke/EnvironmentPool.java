package dev.lamina.service.invoke;

import dev.lamina.environment.EnvironmentFactory;
import dev.lamina.environment.EnvironmentSpec;
import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.protocol.ErrorType;
import dev.lamina.service.core.EnvironmentRetirer;
import dev.lamina.service.core.LaminaException;
import dev.lamina.service.core.Reservations;
import dev.lamina.service.core.ThrottledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lambda's scaling model: a pool of execution environments per function revision ({@link PoolKey}). An invoke takes
 * the most recently used idle environment of its revision, or starts a new one; each environment serves one invoke
 * at a time and is idle again when that invoke's log completes. Admission follows the concurrency limits
 * ({@link ConcurrencyLimits}); starting is bounded by start slots; idle environments spin down after the idle
 * timeout; retired revisions close their environments once free.
 *
 * <p>Threads and locks: {@code lock} guards every field below it and all {@link VersionPool} and
 * {@link EnvironmentHandle} bookkeeping. Decisions are made under the lock; creating and closing environments happen
 * after it is released (closing on virtual threads, in parallel). {@code changed} wakes invokes waiting for a start
 * slot or a warm environment.
 */
public final class EnvironmentPool implements EnvironmentRetirer, AutoCloseable {

    private final EnvironmentFactory factory;
    private final PoolSettings settings;
    private final Reservations reservations;
    private final Scheduler scheduler;

    /** Per function name, how many times it was retired: lets readers tell a cached function record is outdated. */
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<PoolKey, VersionPool> pools = new HashMap<>();
    /** Every environment not yet fully closed. */
    private final Set<EnvironmentHandle> live = new HashSet<>();
    private final Set<EnvironmentHandle> closing = new HashSet<>();
    private final ConcurrencyLimits limits;
    private int starting;
    private int waitingForStart;
    private long created;
    private long reused;
    private long throttled;
    private long closed;
    private boolean shutDown;

    public EnvironmentPool(EnvironmentFactory factory, PoolSettings settings, Reservations reservations,
            Scheduler scheduler) {
        this.factory = factory;
        this.settings = settings;
        this.reservations = reservations;
        this.scheduler = scheduler;
        this.limits = new ConcurrencyLimits(settings.accountConcurrency(), reservations);
    }

    /** Runs {@code task} once after {@code delay} on the pool's scheduler; the task must not block. */
    Scheduler.Scheduled schedule(Runnable task, Duration delay) {
        return scheduler.schedule(task, delay);
    }

    /**
     * Admits an invoke and gives it a warm environment of {@code key} if one is idle, without waiting; null when none
     * is idle or the invoke is not admitted (then {@link #acquire} decides: wait, start one or throttle). The invoke
     * path's fast lane (D43).
     */
    Lease tryAcquireWarm(PoolKey key) {
        lock.lock();
        try {
            VersionPool pool = pools.get(key);
            if (shutDown || pool == null || pool.idleCount() == 0 || limits.admit(key.functionName()) != null) {
                return null;
            }
            EnvironmentHandle warm = pool.takeIdle();
            warm.cancelIdleTimer();
            warm.inUse = true;
            reused++;
            return new Lease(this, warm, false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Admits an invoke and gives it an environment: a warm one of {@code key}, or a new one made from {@code spec}
     * (given a fresh /tmp) once a start slot is free.
     *
     * @param startWait how long to wait for a start slot (or a warm environment) before throttling
     * @throws ThrottledException over a concurrency limit, or when no start slot came within {@code startWait}
     */
    Lease acquire(PoolKey key, Supplier<EnvironmentSpec> spec, Duration startWait) {
        VersionPool pool;
        lock.lock();
        try {
            checkOpen();
            String reason = limits.admit(key.functionName());
            if (reason != null) {
                throttled++;
                throw new ThrottledException(reason, 1);
            }
            long deadline = System.nanoTime() + startWait.toNanos();
            while (true) {
                if (shutDown) {
                    limits.release(key.functionName());
                    checkOpen();
                }
                pool = pools.computeIfAbsent(key, VersionPool::new);
                EnvironmentHandle warm = pool.takeIdle();
                if (warm != null) {
                    warm.cancelIdleTimer();
                    warm.inUse = true;
                    reused++;
                    return new Lease(this, warm, false);
                }
                if (starting < settings.startSlots()) {
                    starting++;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    limits.release(key.functionName());
                    throttled++;
                    throw new ThrottledException(ThrottledException.CONCURRENT_INVOCATION_LIMIT_EXCEEDED, 1);
                }
                waitingForStart++;
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    limits.release(key.functionName());
                    throw new LaminaException(ErrorType.SERVICE, "Interrupted while waiting to invoke "
                            + key.functionName());
                } finally {
                    waitingForStart--;
                }
            }
        } finally {
            lock.unlock();
        }
        return startNew(pool, spec);
    }

    /** Creates an environment with a start slot already taken; gives slot and admission back if that fails. */
    private Lease startNew(VersionPool pool, Supplier<EnvironmentSpec> spec) {
        EnvironmentHandle handle;
        try {
            handle = create(pool, spec);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                starting--;
                limits.release(pool.key.functionName());
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            throw e;
        }
        boolean down;
        lock.lock();
        try {
            down = shutDown;
            if (down) { // close() has already taken its snapshot: this one is ours to close
                starting--;
                limits.release(pool.key.functionName());
                changed.signalAll();
            } else {
                handle.inUse = true;
                live.add(handle);
                created++;
            }
        } finally {
            lock.unlock();
        }
        if (down) {
            handle.close();
            throw new LaminaException(ErrorType.SERVICE, "Lamina is shutting down");
        }
        return new Lease(this, handle, true);
    }

    private EnvironmentHandle create(VersionPool pool, Supplier<EnvironmentSpec> spec) {
        return new EnvironmentHandle(factory.create(spec.get()), pool);
    }

    /** A cold start is over: its start slot is free. */
    void startDone() {
        lock.lock();
        try {
            starting--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The invoke using {@code handle} is done: back to the idle set, or closed when dropped or retired. */
    void release(EnvironmentHandle handle, boolean drop) {
        boolean close;
        lock.lock();
        try {
            limits.release(handle.pool.key.functionName());
            handle.inUse = false;
            close = drop || shutDown || handle.pool.retired();
            if (close) {
                markClosing(handle);
            } else {
                handle.pool.putIdle(handle);
                long generation = ++handle.idleGeneration;
                handle.idleTimer = scheduler.schedule(() -> expire(handle, generation), settings.idleTimeout());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (close) {
            closeInBackground(handle);
        }
    }

    /** The idle timer of {@code handle} fired: spin it down if it has stayed idle since. */
    private void expire(EnvironmentHandle handle, long generation) {
        lock.lock();
        try {
            if (handle.inUse || handle.idleGeneration != generation || !handle.pool.removeIdle(handle)) {
                return;
            }
            handle.idleTimer = null;
            markClosing(handle);
        } finally {
            lock.unlock();
        }
        closeInBackground(handle);
    }

    /**
     * How many times {@code functionName} was retired (every update and delete retires it, after storing the
     * change): a function record read at one generation is outdated once the generation moved on.
     */
    long generation(String functionName) {
        return generations.getOrDefault(functionName, 0L);
    }

    /** Every environment of the function: new invokes get new ones, idle ones close now, busy ones when free. */
    @Override
    public void retire(String functionName) {
        generations.merge(functionName, 1L, Long::sum);
        List<EnvironmentHandle> toClose = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<VersionPool> it = pools.values().iterator(); it.hasNext(); ) {
                VersionPool pool = it.next();
                if (pool.key.functionName().equals(functionName)) {
                    it.remove();
                    toClose.addAll(retireLocked(pool));
                }
            }
        } finally {
            lock.unlock();
        }
        toClose.forEach(this::closeInBackground);
    }

    /** Retires one outdated pool. */
    void retire(VersionPool pool) {
        List<EnvironmentHandle> toClose;
        lock.lock();
        try {
            pools.remove(pool.key, pool);
            toClose = retireLocked(pool);
        } finally {
            lock.unlock();
        }
        toClose.forEach(this::closeInBackground);
    }

    private List<EnvironmentHandle> retireLocked(VersionPool pool) {
        List<EnvironmentHandle> idle = new ArrayList<>(pool.retire());
        for (EnvironmentHandle h : idle) {
            h.cancelIdleTimer();
            markClosing(h);
        }
        return idle;
    }

    public PoolStats stats() {
        lock.lock();
        try {
            int idle = 0;
            for (VersionPool p : pools.values()) {
                idle += p.idleCount();
            }
            int alive = live.size() - closing.size();
            return new PoolStats(limits.total(), alive, alive - idle, idle, starting, waitingForStart, created, reused,
                    throttled, closed);
        } finally {
            lock.unlock();
        }
    }

    /** Spins every environment down, busy or not, in parallel, and waits until all are closed. */
    @Override
    public void close() {
        List<EnvironmentHandle> all;
        lock.lock();
        try {
            shutDown = true;
            for (EnvironmentHandle h : live) {
                h.cancelIdleTimer();
            }
            all = new ArrayList<>(live);
            closing.addAll(all);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        List<Thread> closers = new ArrayList<>();
        for (EnvironmentHandle h : all) {
            closers.add(Thread.ofVirtual().name("lamina-env-shutdown").start(() -> closeNow(h)));
        }
        for (Thread t : closers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void markClosing(EnvironmentHandle h) {
        closing.add(h);
    }

    private void closeInBackground(EnvironmentHandle h) {
        Thread.ofVirtual().name("lamina-env-close").start(() -> closeNow(h));
    }

    private void closeNow(EnvironmentHandle h) {
        h.close();
        lock.lock();
        try {
            if (live.remove(h)) {
                closed++;
            }
            closing.remove(h);
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (shutDown) {
            throw new LaminaException(ErrorType.SERVICE, "Lamina is shutting down");
        }
    }
}
