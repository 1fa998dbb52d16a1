package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A cgroup in the v1 hierarchies: one directory per controller ({@code memory}, {@code cpu}, {@code pids},
 * {@code freezer}), each {@code <mount><the JVM's cgroup>/lamina/<id>}. A missing hierarchy only disables its
 * feature. OOM kills are counted by {@code memory.oom_control}'s {@code oom_kill} line (kernel ≥ 4.13).
 */
final class CgroupV1 implements Cgroup {
    private final Map<String, Path> dirs;
    private CgroupValueFile peak; // memory.max_usage_in_bytes, kept open (D85); null without the memory hierarchy

    private CgroupV1(Map<String, Path> dirs) {
        this.dirs = dirs;
    }

    /** Creates the directories (in {@code bases}: controller → the JVM's cgroup dir) and writes the limits. */
    static CgroupV1 create(Map<String, Path> bases, String id, CgroupLimits limits) throws SandboxException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        CgroupV1 cgroup = new CgroupV1(dirs);
        try {
            for (Map.Entry<String, Path> base : bases.entrySet()) {
                Path dir = base.getValue().resolve("lamina").resolve(id);
                CgroupFiles.mkdir(dir);
                dirs.put(base.getKey(), dir);
            }
            Path memory = dirs.get("memory");
            if (memory != null) {
                cgroup.peak = new CgroupValueFile(memory, "memory.max_usage_in_bytes");
            }
            if (memory != null && limits.memoryBytes() > 0) {
                CgroupFiles.write(memory, "memory.limit_in_bytes", Long.toString(limits.memoryBytes()));
                if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                    CgroupFiles.write(memory, "memory.memsw.limit_in_bytes", Long.toString(limits.memoryBytes()));
                }
                CgroupFiles.write(memory, "memory.swappiness", "0");
            }
            Path cpu = dirs.get("cpu");
            if (cpu != null && limits.cpuMillicores() > 0) {
                CgroupFiles.write(cpu, "cpu.cfs_period_us", Long.toString(CgroupLimits.CPU_PERIOD_US));
                CgroupFiles.write(cpu, "cpu.cfs_quota_us", Long.toString(limits.cpuQuotaUs()));
            }
            if (cpu != null && limits.cpuShareMillicores() > 0) {
                CgroupFiles.write(cpu, "cpu.shares", Long.toString(limits.cpuShares()));
            }
            Path pids = dirs.get("pids");
            if (pids != null && limits.pids() > 0) {
                CgroupFiles.write(pids, "pids.max", Integer.toString(limits.pids()));
            }
            return cgroup;
        } catch (SandboxException e) {
            try {
                cgroup.remove(Duration.ofMillis(200));
            } catch (SandboxException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    @Override
    public String description() {
        return "cgroup-v1 " + dirs.values();
    }

    @Override
    public List<Path> procsFiles() {
        return dirs.values().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    @Override
    public boolean freeze() throws IOException {
        Path freezer = dirs.get("freezer");
        if (freezer == null) {
            return false;
        }
        // a task caught mid-fork can leave the state at FREEZING: the v1 freezer retries only when FROZEN is
        // written again, so write it again on every poll
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String state;
        do {
            CgroupFiles.write(freezer, "freezer.state", "FROZEN");
            state = CgroupFiles.read(freezer, "freezer.state");
            if (state.equals("FROZEN")) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        } while (System.nanoTime() < end);
        CgroupFiles.write(freezer, "freezer.state", "THAWED");
        throw new SandboxException("freeze (freezer.state) under", freezer, "still " + state + " after 5000 ms",
                "a task may be in uninterruptible sleep (D state); the cgroup was thawed again");
    }

    @Override
    public boolean thaw() throws IOException {
        Path freezer = dirs.get("freezer");
        if (freezer == null) {
            return false;
        }
        CgroupFiles.write(freezer, "freezer.state", "THAWED");
        CgroupFiles.await(freezer, "freezer.state", "THAWED", Duration.ofSeconds(5));
        return true;
    }

    @Override
    public OptionalLong peakBytes() {
        return peak == null ? OptionalLong.empty() : peak.read();
    }

    @Override
    public boolean resetPeak() {
        Path memory = dirs.get("memory");
        if (memory == null) {
            return false;
        }
        try {
            CgroupFiles.write(memory, "memory.max_usage_in_bytes", "0");
            return true;
        } catch (SandboxException e) {
            return false;
        }
    }

    @Override
    public long oomKills() {
        Path memory = dirs.get("memory");
        return memory == null ? 0 : CgroupFiles.keyed(memory, "memory.oom_control", "oom_kill");
    }

    @Override
    public Set<Long> pids() {
        Set<Long> all = new HashSet<>();
        dirs.values().forEach(d -> all.addAll(CgroupFiles.pids(d)));
        return all;
    }

    @Override
    public void remove(Duration deadline) throws SandboxException {
        if (peak != null) {
            peak.close();
        }
        List<SandboxException> failures = new ArrayList<>();
        for (Path dir : dirs.values()) {
            try {
                CgroupFiles.rmdir(dir, deadline);
            } catch (SandboxException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            failures.subList(1, failures.size()).forEach(failures.getFirst()::addSuppressed);
            throw failures.getFirst();
        }
    }
}
