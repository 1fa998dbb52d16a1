package dev.lamina.service;

import dev.lamina.service.invoke.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} on virtual time: tasks run only when a test {@link #advance advances} the clock past them. */
public final class FakeScheduler implements Scheduler {

    private record Task(long dueNanos, Runnable task, boolean[] cancelled) {}

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public synchronized Scheduled schedule(Runnable task, Duration delay) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delay.toNanos(), task, cancelled));
        return () -> {
            synchronized (FakeScheduler.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves the clock on and runs (on this thread, outside this scheduler's lock) every task now due. */
    public void advance(Duration by) {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            now += by.toNanos();
            tasks.removeIf(t -> {
                if (t.cancelled()[0]) {
                    return true;
                }
                if (t.dueNanos() <= now) {
                    due.add(t.task());
                    return true;
                }
                return false;
            });
        }
        due.forEach(Runnable::run);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }
}
