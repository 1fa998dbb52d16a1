package dev.lamina.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator: each caller is one platform thread on one keep-alive connection, sending its next
 * Invoke as soon as the previous one answered. A warm-up, then a measured window that is bounded in time and in count.
 * Only invokes that start and end inside the window are recorded; throughput is what completed in it.
 */
public final class ClosedLoop {

    /** What one run measured. */
    public record Outcome(long completed, long errors, long windowNanos, Latencies latencies, String firstError) {

        public double perSecond() {
            return completed * 1e9 / windowNanos;
        }
    }

    private static final int MAX_SAMPLES = 2_000_000;

    private ClosedLoop() {}

    /**
     * @param callers    one thread per caller
     * @param warmup     untimed load before the window
     * @param window     the measured window's longest duration
     * @param maxInvokes the window ends early once this many invokes completed (across callers)
     */
    public static Outcome run(List<Caller> callers, Duration warmup, Duration window, long maxInvokes)
            throws InterruptedException {
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + window.toNanos();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong(windowEnd);
        List<Latencies> perCaller = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        String[] firstError = new String[1];
        for (Caller caller : callers) {
            Latencies mine = new Latencies(MAX_SAMPLES / callers.size());
            perCaller.add(mine);
            threads.add(Thread.ofPlatform().name("bench-caller-", threads.size()).start(() -> {
                try (HttpConnection c = new HttpConnection(caller.address())) {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= windowEnd || completed.get() >= maxInvokes) {
                            return;
                        }
                        String error = call(c, caller.request());
                        long t1 = System.nanoTime();
                        if (error != null) {
                            errors.incrementAndGet();
                            synchronized (firstError) {
                                if (firstError[0] == null) {
                                    firstError[0] = error;
                                }
                            }
                            return; // a failing target gets no more load: the scenario reports the error
                        } else if (t0 >= windowStart && t1 <= windowEnd) {
                            mine.add(t1 - t0);
                            if (completed.incrementAndGet() == maxInvokes) {
                                lastEnd.set(t1);
                            }
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Latencies all = new Latencies(MAX_SAMPLES);
        perCaller.forEach(all::addAll);
        long end = Math.min(windowEnd, lastEnd.get());
        return new Outcome(completed.get(), errors.get(), Math.max(1, end - windowStart), all, firstError[0]);
    }

    /** One invoke; null on success, else what went wrong. */
    public static String call(HttpConnection c, byte[] request) {
        try {
            HttpConnection.Response r = c.exchange(request);
            return r.status() == 200 ? null : "HTTP " + r.status() + ": " + new String(r.body());
        } catch (IOException e) {
            return e.toString();
        }
    }
}
