package dev.lamina.service.invoke;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

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

    /** How many of the most recently used idle environments {@link #takeIdle} looks at for one on its thread. */
    static final int AFFINITY_SCAN = 8;

    /**
     * The most recently used idle environment whose runtime the calling thread serves (an event loop; within the
     * {@link #AFFINITY_SCAN} most recently used), else the most recently used one; null when none is idle (D83).
     */
    EnvironmentHandle takeIdle() {
        if (retired) {
            return null;
        }
        Iterator<EnvironmentHandle> it = idle.iterator();
        for (int i = 0; i < AFFINITY_SCAN && it.hasNext(); i++) {
            EnvironmentHandle h = it.next();
            if (h.environment().servedByCallingThread()) {
                it.remove();
                return h;
            }
        }
        return idle.pollFirst();
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
