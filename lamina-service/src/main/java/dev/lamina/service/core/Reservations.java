package dev.lamina.service.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reserved concurrency, kept in the {@link ConcurrencyRegistry} and mirrored in memory so that admitting an invoke
 * never reads the database. Writers ({@link #put}, {@link #delete}, {@link #forget}) are serialised on this object's
 * lock, which also makes "the sum of reservations stays under the cap" a check-then-act that holds; readers are
 * lock-free.
 */
public final class Reservations {

    private final ConcurrencyRegistry registry;
    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();

    public Reservations(ConcurrencyRegistry registry) {
        this.registry = registry;
        reserved.putAll(registry.all());
    }

    /** The function's reservation; null when it has none. */
    public Integer of(String functionName) {
        return reserved.get(functionName);
    }

    /** The sum of every function's reservation. */
    public int total() {
        return reserved.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Reserves {@code n} for the function unless the other functions' reservations plus {@code n} would exceed
     * {@code cap}.
     *
     * @return false when the cap would be exceeded (nothing changed)
     * @throws LaminaException 404 when the function does not exist (any more)
     */
    synchronized boolean put(String functionName, int n, int cap, String arnForErrors) {
        int others = total() - reserved.getOrDefault(functionName, 0);
        if (others + n > cap) {
            return false;
        }
        if (!registry.put(functionName, n)) {
            throw LaminaException.functionNotFound(arnForErrors);
        }
        reserved.put(functionName, n);
        return true;
    }

    synchronized void delete(String functionName) {
        registry.delete(functionName);
        reserved.remove(functionName);
    }

    /** The function was deleted (its registry row went with it): drops the in-memory copy. */
    synchronized void forget(String functionName) {
        reserved.remove(functionName);
    }
}
