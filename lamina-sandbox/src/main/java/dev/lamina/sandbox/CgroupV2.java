package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A cgroup in the unified (v2) hierarchy: {@code <the JVM's cgroup>/lamina/<id>}. The {@code lamina} parent gets
 * {@code +memory +cpu +pids} in its {@code cgroup.subtree_control}; enabling them in the JVM's own cgroup fails
 * with EBUSY when the JVM sits in it as a process ("no internal processes"), hence the hint to delegate a subtree
 * and move the JVM into a leaf. The freezer ({@code cgroup.freeze}) needs no controller.
 */
final class CgroupV2 implements Cgroup {
    private final Path dir;
    private final CgroupValueFile peak; // memory.peak, kept open (D85)

    private CgroupV2(Path dir) {
        this.dir = dir;
        this.peak = new CgroupValueFile(dir, "memory.peak");
    }

    /** Creates {@code base/lamina/<id>} ({@code base}: the JVM's cgroup directory) with the limits. */
    static CgroupV2 create(Path base, String id, CgroupLimits limits) throws SandboxException {
        Path parent = base.resolve("lamina");
        String wanted = controllers(base, limits);
        if (!wanted.isEmpty()) {
            enable(base, wanted);
        }
        CgroupFiles.mkdir(parent);
        if (!wanted.isEmpty()) {
            enable(parent, wanted);
        }
        Path dir = parent.resolve(id);
        CgroupFiles.mkdir(dir);
        CgroupV2 cgroup = new CgroupV2(dir);
        try {
            if (limits.memoryBytes() > 0) {
                CgroupFiles.write(dir, "memory.max", Long.toString(limits.memoryBytes()));
                if (Files.exists(dir.resolve("memory.swap.max"))) {
                    CgroupFiles.write(dir, "memory.swap.max", "0");
                }
            }
            if (limits.cpuMillicores() > 0) {
                CgroupFiles.write(dir, "cpu.max", limits.cpuQuotaUs() + " " + CgroupLimits.CPU_PERIOD_US);
            }
            if (limits.cpuShareMillicores() > 0 && Files.exists(dir.resolve("cpu.weight"))) {
                CgroupFiles.write(dir, "cpu.weight", Long.toString(limits.cpuWeight()));
            }
            if (limits.pids() > 0) {
                CgroupFiles.write(dir, "pids.max", Integer.toString(limits.pids()));
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

    private static String controllers(Path base, CgroupLimits limits) throws SandboxException {
        String available = " " + CgroupFiles.read(base, "cgroup.controllers") + " ";
        StringBuilder wanted = new StringBuilder();
        for (String c : List.of(limits.memoryBytes() > 0 ? "memory" : "", limits.cpuMillicores() > 0 ? "cpu" : "",
                limits.pids() > 0 ? "pids" : "")) {
            if (c.isEmpty()) {
                continue;
            }
            if (!available.contains(" " + c + " ")) {
                throw new SandboxException("enable controller " + c + " under", base,
                        "not in cgroup.controllers (" + available.trim() + ")",
                        "enable it in the parent's cgroup.subtree_control or delegate a subtree");
            }
            wanted.append(wanted.isEmpty() ? "" : " ").append('+').append(c);
        }
        // a relative weight is best effort: only where the cpu controller is available anyway
        if (limits.cpuShareMillicores() > 0 && limits.cpuMillicores() == 0 && available.contains(" cpu ")) {
            wanted.append(wanted.isEmpty() ? "" : " ").append("+cpu");
        }
        return wanted.toString();
    }

    private static void enable(Path dir, String wanted) throws SandboxException {
        String enabled = " " + CgroupFiles.read(dir, "cgroup.subtree_control") + " ";
        boolean all = true;
        for (String c : wanted.split(" ")) {
            all &= enabled.contains(" " + c.substring(1) + " ");
        }
        if (!all) {
            CgroupFiles.write(dir, "cgroup.subtree_control", wanted);
        }
    }

    @Override
    public String description() {
        return "cgroup-v2 " + dir;
    }

    @Override
    public List<Path> procsFiles() {
        return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public boolean freeze() throws IOException {
        CgroupFiles.write(dir, "cgroup.freeze", "1");
        try {
            CgroupFiles.await(dir, "cgroup.events", "frozen 1", Duration.ofSeconds(5));
        } catch (SandboxException e) {
            CgroupFiles.write(dir, "cgroup.freeze", "0");
            throw e;
        }
        return true;
    }

    @Override
    public boolean thaw() throws IOException {
        CgroupFiles.write(dir, "cgroup.freeze", "0");
        CgroupFiles.await(dir, "cgroup.events", "frozen 0", Duration.ofSeconds(5));
        return true;
    }

    @Override
    public OptionalLong peakBytes() {
        return peak.read();
    }

    @Override
    public boolean resetPeak() {
        return false; // memory.peak resets only per open file description (kernel ≥ 6.12): not worth it yet
    }

    @Override
    public long oomKills() {
        return CgroupFiles.keyed(dir, "memory.events", "oom_kill");
    }

    @Override
    public Set<Long> pids() {
        return CgroupFiles.pids(dir);
    }

    @Override
    public void remove(Duration deadline) throws SandboxException {
        peak.close();
        CgroupFiles.rmdir(dir, deadline);
    }
}
