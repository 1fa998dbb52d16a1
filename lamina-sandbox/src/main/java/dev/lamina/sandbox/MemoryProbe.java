package dev.lamina.sandbox;

/** Measures memory of a process tree; the OS detail stays in this module. */
@FunctionalInterface
public interface MemoryProbe {

    /**
     * The peak resident memory, in bytes, of the process and its live descendants (sum of their high-water marks),
     * or 0 when it cannot be measured (process gone, no {@code /proc}).
     */
    long peakResidentBytes(long pid);

    /** Reads {@code VmHWM} from {@code /proc/<pid>/status} of the process and each live descendant. */
    static MemoryProbe procfs() {
        return new ProcStatusMemoryProbe();
    }
}
