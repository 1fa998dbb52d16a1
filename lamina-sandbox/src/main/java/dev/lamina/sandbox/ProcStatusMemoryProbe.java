package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@link MemoryProbe} over {@code /proc/<pid>/status}: sums {@code VmHWM} (peak resident set) of the process and
 * its live descendants. Children that already exited are not counted (sampling, not accounting; a cgroup's
 * {@code memory.peak} would be exact and comes with a cgroup sandbox).
 */
final class ProcStatusMemoryProbe implements MemoryProbe {

    @Override
    public long peakResidentBytes(long pid) {
        return ProcessHandle.of(pid)
                .map(root -> Stream.concat(Stream.of(root), root.descendants())
                        .mapToLong(p -> vmHwmBytes(p.pid()))
                        .sum())
                .orElse(0L);
    }

    static long vmHwmBytes(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.substring(6).trim().split("\\s+")[0]) * 1024)
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
