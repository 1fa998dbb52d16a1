package dev.lamina.environment;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs an environment's tasks one at a time, in submission order, on whichever thread finds it idle (D41): a task
 * submitted while no other runs is run at once by the submitting thread — the Netty event loop that read a Runtime
 * API request, the caller's thread that invokes, a timer — and tasks submitted meanwhile are queued and run by that
 * same thread after it, so no task ever starts while another runs and each sees every earlier task's writes
 * (the queue and the {@code draining} flag order them).
 *
 * <p>Two cases hand the queue to a fresh virtual thread instead: a platform thread submits while {@code quick} says
 * the tasks may block (the environment is starting or stopping processes: sessions, forks, joins), and a platform
 * thread that has already run {@value #INLINE_LIMIT} tasks in one go (a stream of output lines must not hold an event
 * loop). Virtual threads always run inline: blocking there costs no event loop.
 *
 * <p>Tasks must not throw (the owner catches); a task may submit more tasks (they run after it, never nested).
 */
final class SerialExecutor {
    private static final int INLINE_LIMIT = 64;

    private final String name;
    private final BooleanSupplier quick;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean shutdown;
    /** The thread running tasks now, or null. */
    private volatile Thread runner;

    /**
     * @param name  names the virtual threads that take over the queue
     * @param quick whether the tasks to come are quick (no process or session operation, no join); read by any
     *              thread, so it must be safe to call from any thread
     */
    SerialExecutor(String name, BooleanSupplier quick) {
        this.name = name;
        this.quick = quick;
    }

    /** @throws RejectedExecutionException after {@link #shutdown()} */
    void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException(name + " is shut down");
        }
        queue.add(task);
        if (!draining.compareAndSet(false, true)) {
            return; // the thread draining now runs it after what is ahead of it
        }
        Thread current = Thread.currentThread();
        if (current.isVirtual() || quick.getAsBoolean()) {
            drain(current.isVirtual() ? Integer.MAX_VALUE : INLINE_LIMIT);
        } else {
            handOff();
        }
    }

    /** Whether the calling thread is running one of this executor's tasks. */
    boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    /** Refuses new tasks; queued ones still run. */
    void shutdown() {
        shutdown = true;
    }

    /** After {@link #shutdown()}: waits until no task runs and none is queued, at most {@code timeout}. */
    boolean awaitTermination(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (draining.get() || !queue.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
        }
        return true;
    }

    private void handOff() {
        Thread.ofVirtual().name(name).start(() -> drain(Integer.MAX_VALUE));
    }

    /**
     * Runs queued tasks while this thread holds {@code draining}. A platform thread gives the rest to a virtual thread
     * past {@code limit} tasks, or as soon as the tasks may block (a task it ran may have started a reset).
     */
    private void drain(int limit) {
        Thread self = Thread.currentThread();
        boolean platform = !self.isVirtual();
        int ran = 0;
        while (true) {
            Runnable task;
            while ((task = queue.peek()) != null) {
                if (platform && ran > 0 && (ran >= limit || !quick.getAsBoolean())) {
                    handOff(); // still draining: the virtual thread takes over the flag
                    return;
                }
                queue.poll();
                runner = self;
                try {
                    task.run();
                } finally {
                    runner = null;
                }
                ran++;
            }
            draining.set(false);
            // a task added after the poll above but before the flag was cleared found draining set: take it now
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
