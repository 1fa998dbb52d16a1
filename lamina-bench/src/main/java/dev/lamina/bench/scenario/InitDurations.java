package dev.lamina.bench.scenario;

import dev.lamina.bench.load.Latencies;

/** The {@code Init Duration} and {@code Duration} of the cold REPORT lines Lamina wrote: the cold start's breakdown. */
public interface InitDurations {

    void reset();

    /** Init durations seen since {@link #reset()}, in nanoseconds. */
    Latencies samples();

    /** The {@code Duration} of the same REPORT lines (the first invoke after init), in nanoseconds. */
    Latencies firstInvokeDurations();

    /** Why there are none, when there are none. */
    String unavailableReason();

    /**
     * Init phases since {@link #reset()}, in nanoseconds: {@code sandbox} (session opened on the cold path),
     * {@code process} (the runtime's start), {@code next} (from there to its first {@code next}).
     */
    default Latencies phase(String name) {
        return new Latencies(0);
    }

    InitDurations NONE = new InitDurations() {
        @Override
        public void reset() {}

        @Override
        public Latencies samples() {
            return new Latencies(0);
        }

        @Override
        public Latencies firstInvokeDurations() {
            return new Latencies(0);
        }

        @Override
        public String unavailableReason() {
            return "Lamina's REPORT lines are not captured";
        }
    };
}
