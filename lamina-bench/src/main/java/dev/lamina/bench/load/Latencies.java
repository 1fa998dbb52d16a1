package dev.lamina.bench.load;

import java.util.Arrays;

/** Latency samples in nanoseconds, bounded in count; percentiles by nearest rank. Not thread-safe. */
public final class Latencies {

    private long[] samples;
    private int size;
    private final int capacity;

    public Latencies(int capacity) {
        this.capacity = capacity;
        this.samples = new long[Math.min(capacity, 1024)];
    }

    /** Records one sample; past the capacity samples are dropped (the count in {@link #size} stays exact). */
    public void add(long nanos) {
        if (size == samples.length && size < capacity) {
            samples = Arrays.copyOf(samples, Math.min(capacity, size * 2));
        }
        if (size < samples.length) {
            samples[size] = nanos;
        }
        size++;
    }

    public void addAll(Latencies other) {
        for (int i = 0; i < Math.min(other.size, other.samples.length); i++) {
            add(other.samples[i]);
        }
    }

    public int size() {
        return size;
    }

    /** The p-th percentile (0 < p ≤ 100) by nearest rank, in nanoseconds; NaN when empty. */
    public double percentile(double p) {
        int n = Math.min(size, samples.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.clamp(rank - 1, 0, n - 1)];
    }

    public double max() {
        return percentile(100);
    }
}
