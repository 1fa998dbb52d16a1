package dev.lamina.sandbox;

/**
 * What a session's cgroup enforces; 0 means "no limit".
 *
 * @param memoryBytes   memory (swap disabled)
 * @param cpuMillicores CPU quota, 1000 = one core
 * @param pids          processes and threads
 * @param cpuShareMillicores relative CPU weight on the scale where 1000 is one core's share: the default weight of a
 *                      cgroup ({@code cpu.shares} 1024, {@code cpu.weight} 100); applied only where the cpu controller
 *                      is available
 */
record CgroupLimits(long memoryBytes, int cpuMillicores, int pids, int cpuShareMillicores) {
    static final long CPU_PERIOD_US = 100_000;

    static CgroupLimits of(SessionSpec spec) {
        return new CgroupLimits((long) spec.memoryMb() << 20, spec.cpuMillicores(), spec.pidsLimit(),
                spec.cpuShareMillicores());
    }

    /** cgroup v1 {@code cpu.shares} (2–262144; 1024 = one core's share). */
    long cpuShares() {
        return Math.clamp(Math.round(1024.0 * cpuShareMillicores / 1000), 2, 262_144);
    }

    /** cgroup v2 {@code cpu.weight} (1–10000; 100 = one core's share). */
    long cpuWeight() {
        return Math.clamp(Math.round(100.0 * cpuShareMillicores / 1000), 1, 10_000);
    }

    long cpuQuotaUs() {
        return Math.max(1000, CPU_PERIOD_US * cpuMillicores / 1000);
    }
}
