package dev.lamina.bench.scenario;

import dev.lamina.bench.target.Target;
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
 */
public record BenchContext(Target lamina, Target floor, boolean quick, Path workDir, PrintStream progress) {

    /** Both targets, floor first (each scenario alternates between them in this order). */
    public List<Target> targets() {
        return List.of(floor, lamina);
    }

    /** A duration scaled for quick runs (a fifth, at least 300 ms). */
    public Duration scaled(Duration d) {
        return quick ? Duration.ofMillis(Math.max(300, d.toMillis() / 5)) : d;
    }

    public void log(String format, Object... args) {
        progress.printf("bench: " + format + "%n", args);
    }
}
