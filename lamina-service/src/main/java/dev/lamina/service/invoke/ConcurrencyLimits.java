package dev.lamina.service.invoke;

import dev.lamina.service.core.Reservations;
import dev.lamina.service.core.ThrottledException;
import java.util.HashMap;
import java.util.Map;

/**
 * Lambda's concurrency accounting: how many invokes of each function are in flight, against the function's reserved
 * concurrency, the account's unreserved pool (limit minus every reservation) and the account limit. Not thread-safe:
 * the {@link EnvironmentPool} lock guards it.
 */
final class ConcurrencyLimits {

    private final int accountLimit;
    private final Reservations reservations;
    private final Map<String, Integer> inFlight = new HashMap<>();
    private int total;

    ConcurrencyLimits(int accountLimit, Reservations reservations) {
        this.accountLimit = accountLimit;
        this.reservations = reservations;
    }

    /**
     * Counts one more invoke of the function in flight, if the limits allow it.
     *
     * @return null when admitted; otherwise the throttle {@code Reason}
     */
    String admit(String functionName) {
        Integer reserved = reservations.of(functionName);
        if (reserved != null) {
            if (inFlight(functionName) >= reserved) {
                return ThrottledException.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED;
            }
        } else if (unreservedInFlight() >= accountLimit - reservations.total()) {
            return ThrottledException.CONCURRENT_INVOCATION_LIMIT_EXCEEDED;
        }
        if (total >= accountLimit) {
            return ThrottledException.CONCURRENT_INVOCATION_LIMIT_EXCEEDED;
        }
        inFlight.merge(functionName, 1, Integer::sum);
        total++;
        return null;
    }

    /** One invoke of the function is no longer in flight. */
    void release(String functionName) {
        Integer n = inFlight.get(functionName);
        if (n == null) {
            throw new IllegalStateException("released an invoke of " + functionName + " that was not in flight");
        }
        if (n == 1) {
            inFlight.remove(functionName);
        } else {
            inFlight.put(functionName, n - 1);
        }
        total--;
    }

    int total() {
        return total;
    }

    private int inFlight(String functionName) {
        return inFlight.getOrDefault(functionName, 0);
    }

    private int unreservedInFlight() {
        int n = 0;
        for (Map.Entry<String, Integer> e : inFlight.entrySet()) {
            if (reservations.of(e.getKey()) == null) {
                n += e.getValue();
            }
        }
        return n;
    }
}
