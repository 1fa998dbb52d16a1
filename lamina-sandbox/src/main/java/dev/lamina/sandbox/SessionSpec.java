package dev.lamina.sandbox;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;

/**
 * One confinement shared by all processes of one execution environment (its runtime and its extensions).
 *
 * @param name               a label for logs (e.g. the environment id)
 * @param taskRoot           host directory shown read-only at {@code /var/task}
 * @param optRoot            host directory shown read-only at {@code /opt}; null: the session has no {@code /opt}
 *                           (bubblewrap shows an empty read-only one)
 * @param runtimeDir         host directory shown read-only at {@code /var/runtime}; null: none
 * @param scratchDir         host directory where the session may create its private files (a {@code /tmp}
 *                           directory for plain sessions and {@link TmpStorage#HOST_DIRECTORY}); removed with the
 *                           session's own subdirectory on close, never itself
 * @param tmpMb              size of {@code /tmp} in MB (Lambda's ephemeral storage, 512–10240)
 * @param tmpStorage         tmpfs or a host directory, see {@link TmpStorage}
 * @param memoryMb           memory limit of the whole session in MB (0: none)
 * @param cpuMillicores      CPU quota of the whole session, 1000 = one core (0: none); Lambda's share is
 *                           {@link #lambdaCpuMillicores(int)}
 * @param cpuShareMillicores relative CPU weight of the whole session against other sessions, on the scale where
 *                           1000 is one core's share (0: the default weight); Lambda's proportion is
 *                           {@link #lambdaCpuMillicores(int)}. Work-conserving: an idle machine's CPU is all usable
 * @param pidsLimit          processes and threads of the whole session (Lambda: 1024; 0: none)
 * @param hiddenPaths        host paths that must not be visible inside (Lamina's data directory, other environments)
 * @param extraReadOnlyPaths host paths that must stay visible read-only at the same path even when under a hidden
 *                           path (e.g. a JDK)
 * @param networkNamespace   a network namespace file (e.g. {@code /run/netns/env-1}) the session's processes join;
 *                           null: the host's network. Bubblewrap only (see {@link SandboxNetwork})
 * @param hostNames          extra names and the addresses they resolve to inside: bubblewrap binds a hosts file (the
 *                           host's entries plus these) over {@code /etc/hosts}; empty: the host's file
 * @param nameserver         the resolver inside (the network's own, e.g. slirp4netns's forwarder): bubblewrap binds a
 *                           {@code resolv.conf} naming it (with the host's {@code search}/{@code options} lines) over
 *                           {@code /etc/resolv.conf}; null: the host's file
 */
public record SessionSpec(
        String name,
        Path taskRoot,
        Path optRoot,
        Path runtimeDir,
        Path scratchDir,
        int tmpMb,
        TmpStorage tmpStorage,
        int memoryMb,
        int cpuMillicores,
        int cpuShareMillicores,
        int pidsLimit,
        List<Path> hiddenPaths,
        List<Path> extraReadOnlyPaths,
        Path networkNamespace,
        Map<String, InetAddress> hostNames,
        InetAddress nameserver) {

    /** Lambda's default {@code /tmp} size in MB. */
    public static final int DEFAULT_TMP_MB = 512;
    /** Lambda's limit on processes and threads. */
    public static final int LAMBDA_PIDS = 1024;

    public SessionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(taskRoot, "taskRoot");
        Objects.requireNonNull(scratchDir, "scratchDir");
        Objects.requireNonNull(tmpStorage, "tmpStorage");
        if (tmpMb <= 0 || memoryMb < 0 || cpuMillicores < 0 || cpuShareMillicores < 0 || pidsLimit < 0) {
            throw new IllegalArgumentException("negative or zero size in " + name + ": tmpMb=" + tmpMb
                    + " memoryMb=" + memoryMb + " cpuMillicores=" + cpuMillicores + " pidsLimit=" + pidsLimit);
        }
        hiddenPaths = List.copyOf(hiddenPaths);
        extraReadOnlyPaths = List.copyOf(extraReadOnlyPaths);
        hostNames = Collections.unmodifiableMap(new LinkedHashMap<>(hostNames));
        for (String n : hostNames.keySet()) {
            if (!n.matches("[A-Za-z0-9.-]+")) {
                throw new IllegalArgumentException("not a host name: '" + n + "' in " + name);
            }
        }
    }

    /** Lambda's CPU: proportional to memory, 1769 MB = one full vCPU. */
    public static int lambdaCpuMillicores(int memoryMb) {
        return (int) Math.max(1, Math.round(memoryMb * 1000.0 / 1769));
    }

    /** A spec with Lambda's defaults (512 MB tmpfs, CPU proportional to memory, 1024 pids). */
    public static Builder builder(String name, Path taskRoot, Path scratchDir) {
        return new Builder(name, taskRoot, scratchDir);
    }

    /** Builds a {@link SessionSpec}; unset values take Lambda's defaults. */
    public static final class Builder {
        private final String name;
        private final Path taskRoot;
        private final Path scratchDir;
        private Path optRoot;
        private Path runtimeDir;
        private int tmpMb = DEFAULT_TMP_MB;
        private TmpStorage tmpStorage = TmpStorage.TMPFS;
        private int memoryMb;
        private Integer cpuMillicores;
        private Integer cpuShareMillicores;
        private int pidsLimit = LAMBDA_PIDS;
        private List<Path> hiddenPaths = List.of();
        private List<Path> extraReadOnlyPaths = List.of();
        private Path networkNamespace;
        private Map<String, InetAddress> hostNames = Map.of();
        private InetAddress nameserver;

        private Builder(String name, Path taskRoot, Path scratchDir) {
            this.name = name;
            this.taskRoot = taskRoot;
            this.scratchDir = scratchDir;
        }

        public Builder optRoot(Path v) { optRoot = v; return this; }
        public Builder runtimeDir(Path v) { runtimeDir = v; return this; }
        public Builder tmp(int mb, TmpStorage storage) { tmpMb = mb; tmpStorage = storage; return this; }
        /** Memory limit in MB; also sets the CPU quota to Lambda's share unless {@link #cpuMillicores} is called. */
        public Builder memoryMb(int v) { memoryMb = v; return this; }
        public Builder cpuMillicores(int v) { cpuMillicores = v; return this; }
        /** Relative CPU weight (1000 = one core's share); default: Lambda's proportion of {@link #memoryMb}. */
        public Builder cpuShareMillicores(int v) { cpuShareMillicores = v; return this; }
        public Builder pidsLimit(int v) { pidsLimit = v; return this; }
        public Builder hiddenPaths(List<Path> v) { hiddenPaths = v; return this; }
        public Builder extraReadOnlyPaths(List<Path> v) { extraReadOnlyPaths = v; return this; }
        public Builder networkNamespace(Path v) { networkNamespace = v; return this; }
        public Builder hostNames(Map<String, InetAddress> v) { hostNames = v; return this; }
        public Builder nameserver(InetAddress v) { nameserver = v; return this; }

        public SessionSpec build() {
            int cpu = cpuMillicores != null ? cpuMillicores : memoryMb > 0 ? lambdaCpuMillicores(memoryMb) : 0;
            int share = cpuShareMillicores != null ? cpuShareMillicores
                    : memoryMb > 0 ? lambdaCpuMillicores(memoryMb) : 0;
            return new SessionSpec(name, taskRoot, optRoot, runtimeDir, scratchDir, tmpMb, tmpStorage, memoryMb,
                    cpu, share, pidsLimit, hiddenPaths, extraReadOnlyPaths, networkNamespace, hostNames, nameserver);
        }
    }
}
