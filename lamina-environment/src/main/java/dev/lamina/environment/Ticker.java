package dev.lamina.environment;

/** A monotonic time source for durations (wall time on the wire comes from an {@code InstantSource}). */
@FunctionalInterface
interface Ticker {
    long nanos();

    Ticker SYSTEM = System::nanoTime;
}
