package dev.lamina.service.invoke;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The environments of one {@link PoolKey}: the idle ones, most recently used first. Once retired (the function
 * changed or was deleted) it hands out nothing and its environments are closed as they become free. Not thread-safe:
 * the {@link EnvironmentPool} lock guards it.
 */
final class VersionPool {

    final PoolKey key;
    private final Deque<EnvironmentHandle> idle = new ArrayDeque<>();
    private boolean retired;

    VersionPool(PoolKey key) {
        this.key = key;
    }

    /** The most recently used idle environment, or null. */
    EnvironmentHandle takeIdle() {
        return retired ? null : idle.pollFirst();
    }

    void putIdle(EnvironmentHandle h) {
        idle.addFirst(h);
    }

    /** Removes an idle environment (it expired); false when it is not idle here. */
    boolean removeIdle(EnvironmentHandle h) {
        return idle.remove(h);
    }

    int idleCount() {
        return idle.size();
    }

    boolean retired() {
        return retired;
    }

    /** Retires the pool and hands over its idle environments, which the caller closes. */
    Deque<EnvironmentHandle> retire() {
        retired = true;
        Deque<EnvironmentHandle> out = new ArrayDeque<>(idle);
        idle.clear();
        return out;
    }
}
