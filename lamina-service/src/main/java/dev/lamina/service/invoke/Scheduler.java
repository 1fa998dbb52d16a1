package dev.lamina.service.invoke;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task once after a delay; injected so that idle spin-down is testable without waiting. */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}, unless cancelled first. The task must not block. */
    Scheduled schedule(Runnable task, Duration delay);

    /** A scheduled task. */
    @FunctionalInterface
    interface Scheduled {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }

    /** On a {@link ScheduledExecutorService} (which should remove cancelled tasks). */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
