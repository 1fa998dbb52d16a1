package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the cgroup hierarchy the sandbox can use and creates session cgroups in it, under the JVM's own cgroup
 * (so a container's limits still cover every session).
 *
 * <p>Detection: {@code /sys/fs/cgroup} mounted as cgroup2 → v2; else the v1 {@code memory} (and {@code cpu},
 * {@code pids}, {@code freezer}) hierarchies when mounted; else a hybrid {@code /sys/fs/cgroup/unified} v2 that has
 * the memory controller. Session cgroups are {@code <the JVM's cgroup>/lamina/<pid>-<session id>}. When none is usable, or creating a session cgroup fails (no permission), sessions run
 * without limits and this is logged once: "no cgroup: … ; sessions run without memory/CPU/pids limits".
 */
final class Cgroups {
    private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);
    private static final List<String> V1_CONTROLLERS = List.of("memory", "cpu", "pids", "freezer");
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private final Map<String, Path> v1Bases;
    private final Path v2Base;
    private final String unavailable;
    private final AtomicBoolean warned = new AtomicBoolean();

    private Cgroups(Map<String, Path> v1Bases, Path v2Base, String unavailable) {
        this.v1Bases = v1Bases;
        this.v2Base = v2Base;
        this.unavailable = unavailable;
    }

    static Cgroups none(String why) {
        return new Cgroups(Map.of(), null, why);
    }

    /**
     * Reads {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}; the first detection in a JVM also removes
     * session cgroups left by Lamina processes that died without closing them ({@link StaleCgroups}).
     */
    static Cgroups detect() {
        Cgroups found = find();
        if (SWEPT.compareAndSet(false, true)) {
            StaleCgroups.sweep(found.parents(), StaleCgroups::alive, java.time.Instant.now());
        }
        return found;
    }

    private static Cgroups find() {
        try {
            List<String[]> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(l -> l.split(" ")).toList();
            Map<String, String> own = new LinkedHashMap<>(); // controller ("" for v2) → the JVM's cgroup path
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                for (String c : f[1].split(",")) {
                    own.put(c, f[2]);
                }
            }
            Path v2Mount = null;
            Map<String, Path> v1 = new LinkedHashMap<>();
            for (String[] m : mounts) {
                int dash = List.of(m).indexOf("-");
                String type = m[dash + 1];
                Path mountPoint = Path.of(m[4]);
                if (type.equals("cgroup2")) {
                    v2Mount = v2Mount == null || mountPoint.equals(Path.of("/sys/fs/cgroup")) ? mountPoint : v2Mount;
                } else if (type.equals("cgroup")) {
                    String root = m[3];
                    for (String opt : m[dash + 3].split(",")) {
                        if (V1_CONTROLLERS.contains(opt) && own.containsKey(opt)) {
                            v1.put(opt, under(mountPoint, root, own.get(opt)));
                        }
                    }
                }
            }
            if (v2Mount != null && own.containsKey("")) {
                Path base = under(v2Mount, "/", own.get(""));
                boolean pure = v2Mount.equals(Path.of("/sys/fs/cgroup"));
                boolean hasMemory = Files.readString(base.resolve("cgroup.controllers")).contains("memory");
                if (pure || (!v1.containsKey("memory") && hasMemory)) {
                    return new Cgroups(Map.of(), base, null);
                }
            }
            if (v1.containsKey("memory")) {
                return new Cgroups(v1, null, null);
            }
            return none("no v1 memory hierarchy and no cgroup2 with the memory controller is mounted");
        } catch (IOException | RuntimeException e) {
            return none("cannot read /proc/self/mountinfo or /proc/self/cgroup: " + e);
        }
    }

    /** The directory of cgroup {@code path} in a hierarchy mounted at {@code mountPoint} showing {@code root}. */
    private static Path under(Path mountPoint, String root, String path) {
        String relative = path.startsWith(root) ? path.substring(root.length()) : path;
        relative = relative.replaceFirst("^/+", "");
        return relative.isEmpty() ? mountPoint : mountPoint.resolve(relative);
    }

    /** The {@code lamina} parent directory of session cgroups in each hierarchy used. */
    List<Path> parents() {
        return v2Base != null ? List.of(v2Base.resolve("lamina"))
                : v1Bases.values().stream().map(b -> b.resolve("lamina")).toList();
    }

    /** For logs: which hierarchy sessions use. */
    String description() {
        return v2Base != null ? "cgroup-v2 under " + v2Base
                : !v1Bases.isEmpty() ? "cgroup-v1 under " + v1Bases.values() : "no cgroup (" + unavailable + ")";
    }

    /**
     * A new session cgroup, named {@code <this pid>-<id>} so a later Lamina can tell it is stale once this process
     * is gone, or empty (logged once) when cgroups are unavailable or not permitted.
     */
    Optional<Cgroup> create(String sessionId, CgroupLimits limits) {
        String id = StaleCgroups.name(sessionId);
        try {
            if (v2Base != null) {
                return Optional.of(CgroupV2.create(v2Base, id, limits));
            }
            if (!v1Bases.isEmpty()) {
                return Optional.of(CgroupV1.create(v1Bases, id, limits));
            }
            warnOnce(unavailable);
        } catch (SandboxException e) {
            warnOnce(e.getMessage());
        }
        return Optional.empty();
    }

    private void warnOnce(String why) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("no cgroup: {}; sessions run without memory/CPU/pids limits, OOM detection and the cgroup freezer "
                    + "(peak memory from procfs, freeze by SIGSTOP)", why);
        }
    }
}
