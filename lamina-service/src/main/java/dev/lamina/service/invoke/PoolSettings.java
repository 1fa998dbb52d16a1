package dev.lamina.service.invoke;

import java.time.Duration;
import java.util.Objects;

/**
 * How far the environment pool scales.
 *
 * @param accountConcurrency the account's concurrency limit: at most this many invokes in flight at once across every
 *                           function (Lambda's default is 1,000)
 * @param startSlots         at most this many environments starting at once; a cold start beyond it waits for a slot
 *                           (or for a warm environment) up to the function's timeout, then is throttled
 * @param idleTimeout        an environment idle this long is spun down
 */
public record PoolSettings(int accountConcurrency, int startSlots, Duration idleTimeout) {

    public static final int DEFAULT_ACCOUNT_CONCURRENCY = 1000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    public PoolSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (accountConcurrency < 1) {
            throw new IllegalArgumentException("the account concurrency limit must be at least 1: " + accountConcurrency);
        }
        if (startSlots < 1) {
            throw new IllegalArgumentException("there must be at least one start slot: " + startSlots);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeout);
        }
    }

    /** 1,000 concurrent invokes, 2 × the available processors start slots, 10 minutes idle timeout. */
    public static PoolSettings defaults() {
        return new PoolSettings(DEFAULT_ACCOUNT_CONCURRENCY, defaultStartSlots(), DEFAULT_IDLE_TIMEOUT);
    }

    /** 2 × the available processors. */
    public static int defaultStartSlots() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    public PoolSettings withAccountConcurrency(int limit) {
        return new PoolSettings(limit, startSlots, idleTimeout);
    }

    public PoolSettings withStartSlots(int slots) {
        return new PoolSettings(accountConcurrency, slots, idleTimeout);
    }

    public PoolSettings withIdleTimeout(Duration timeout) {
        return new PoolSettings(accountConcurrency, startSlots, timeout);
    }
}
