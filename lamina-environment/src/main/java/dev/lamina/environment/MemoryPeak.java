package dev.lamina.environment;

import dev.lamina.sandbox.MemoryProbe;
import dev.lamina.sandbox.SandboxSession;
import dev.lamina.sandbox.SandboxedProcess;
import java.util.OptionalLong;

/**
 * Max Memory Used (REPORT, {@code platform.report}): the environment's high-water mark since its (re-)init, in MB.
 *
 * <p>Owns only that number. Confined to the environment's serial executor: every method is called from a task on
 * it.
 */
final class MemoryPeak {
    private final MemoryProbe probe;
    private long mb;

    MemoryPeak(MemoryProbe probe) {
        this.probe = probe;
    }

    long mb() {
        return mb;
    }

    /** A fresh init attempt starts from zero. */
    void clear() {
        mb = 0;
    }

    /**
     * The session's peak (its cgroup's high-water mark, or its processes' peak resident sets), else the runtime
     * process's own peak from the memory probe.
     *
     * @param session the environment's session, or null before the first init
     * @param runtime the runtime's process, or null
     */
    void sample(SandboxSession session, SandboxedProcess runtime) {
        OptionalLong peak = session == null ? OptionalLong.empty() : session.memoryPeakBytes();
        if (peak.isPresent()) {
            mb = Math.max(mb, (peak.getAsLong() + (1 << 20) - 1) >> 20);
        } else if (runtime != null && runtime.isAlive()) {
            long bytes = probe.peakResidentBytes(runtime.pid());
            mb = Math.max(mb, (bytes + (1 << 20) - 1) >> 20);
        }
    }

    /**
     * Max Memory Used is the environment's high-water mark since its (re-)init, as on Lambda: a warm invoke reports
     * at least what earlier invokes in the same environment reached (D10). Reset only before a fresh init.
     */
    void reset(SandboxSession session) {
        if (session != null && session.resetPeak()) {
            mb = 0;
        }
    }
}
