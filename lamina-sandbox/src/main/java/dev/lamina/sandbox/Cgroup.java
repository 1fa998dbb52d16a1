package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One session's cgroup, {@code <the JVM's own cgroup>/lamina/<session-id>}: limits, freezer, memory accounting.
 * {@link CgroupV1} spans one directory per hierarchy; {@link CgroupV2} is one directory.
 */
interface Cgroup {

    /** For logs: the version and directory, e.g. {@code cgroup-v1 /sys/fs/cgroup/memory/…/lamina/ab12}. */
    String description();

    /**
     * The {@code cgroup.procs} files a process writes its own pid into to join, before it execs its target, so
     * that it and every child start inside (see {@link CgroupJoin}).
     */
    List<Path> procsFiles();

    /** Freezes every task and waits until frozen; false when this cgroup has no freezer. */
    boolean freeze() throws IOException;

    /** Thaws; false when this cgroup has no freezer. */
    boolean thaw() throws IOException;

    /** The memory high-water mark, when the memory controller is there. */
    OptionalLong peakBytes();

    /** Resets the high-water mark; false when unsupported. */
    boolean resetPeak();

    /** How many processes the OOM killer has killed in this cgroup (0 when unknown). */
    long oomKills();

    /** The pids of the processes inside. */
    Set<Long> pids();

    /** Removes the directories (after every process is gone), retrying until the deadline. */
    void remove(Duration deadline) throws SandboxException;
}
