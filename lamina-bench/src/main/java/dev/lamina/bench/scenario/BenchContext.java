package dev.lamina.bench.scenario;

import dev.lamina.bench.load.Holder;
import dev.lamina.bench.targets.Target;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What scenarios share: both targets, the run's sizing and a progress stream.
 *
 * @param lamina   Lamina, started in-process
 * @param floor    the floor
 * @param quick    smoke-test sizing
 * @param workDir  scratch space
 * @param progress where progress lines go (stderr), so stdout carries only the table
 * @param holder   holds runtimes busy ({@code idle}); its port is forwarded into Lamina's isolated environments
 */
public record BenchContext(Target lamina, Target floor, boolean quick, Path workDir, PrintStream progress,
        Holder holder) {

    /** Both targets, floor first. */
    public List<Target> targets() {
        return List.of(floor, lamina);
    }

    /**
     * Both targets in ABBA order: floor first in even rounds, Lamina first in odd ones, so warm-up and drift of the
     * shared JVM and machine do not favour either side.
     */
    public List<Target> targets(int round) {
        return round % 2 == 0 ? List.of(floor, lamina) : List.of(lamina, floor);
    }

    /** A duration scaled for quick runs (a fifth, at least 300 ms). */
    public Duration scaled(Duration d) {
        return quick ? Duration.ofMillis(Math.max(300, d.toMillis() / 5)) : d;
    }

    public void log(String format, Object... args) {
        progress.printf("bench: " + format + "%n", args);
    }
}
