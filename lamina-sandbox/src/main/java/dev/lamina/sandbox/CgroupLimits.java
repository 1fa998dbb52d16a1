package dev.lamina.sandbox;

/**
 * What a session's cgroup enforces; 0 means "no limit".
 *
 * @param memoryBytes   memory (swap disabled)
 * @param cpuMillicores CPU quota, 1000 = one core
 * @param pids          processes and threads
 */
record CgroupLimits(long memoryBytes, int cpuMillicores, int pids) {
    static final long CPU_PERIOD_US = 100_000;

    static CgroupLimits of(SessionSpec spec) {
        return new CgroupLimits((long) spec.memoryMb() << 20, spec.cpuMillicores(), spec.pidsLimit());
    }

    long cpuQuotaUs() {
        return Math.max(1000, CPU_PERIOD_US * cpuMillicores / 1000);
    }
}
