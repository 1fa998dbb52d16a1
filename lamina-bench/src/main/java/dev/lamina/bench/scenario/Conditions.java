package dev.lamina.bench.scenario;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a target's state instead of sleeping a guessed time: polls a condition up to a deadline. */
final class Conditions {
    private Conditions() {}

    /** @return whether {@code done} held before {@code atMost} passed (checked every {@code every}) */
    static boolean await(BooleanSupplier done, Duration atMost, Duration every) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(every.toNanos());
        }
        return true;
    }
}
