package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One confinement shared by every process of one execution environment: one filesystem view (one private
 * {@code /tmp}), one pid namespace (bubblewrap), one cgroup (memory, CPU, pids, freezer). Processes started in it
 * run at the paths of {@link #paths()}: an {@link ExecRequest}'s command and working directory are paths as seen
 * inside.
 *
 * <p>Thread-safe. {@link #close()} blocks (bounded) until every process is gone.
 */
public interface SandboxSession extends AutoCloseable {

    /** A short unique id (also the cgroup's name). */
    String id();

    /** Where the session's processes see the task root, layers, runtime directory and {@code /tmp}. */
    LambdaPaths paths();

    /** The host path behind a path as seen inside, when it is one of the mounted directories. */
    Optional<Path> toHost(Path visible);

    /** The path as seen inside for a host path under one of the mounted directories. */
    Optional<Path> toVisible(Path host);

    /**
     * Starts a process in the session, leader of its own process group. Program and working directory are resolved
     * inside the session; a missing or non-executable program fails here with an {@link IOException}.
     */
    SandboxedProcess start(ExecRequest request) throws IOException;

    /** Stops every process of the session (cgroup freezer, else SIGSTOP to each); returns when they are stopped. */
    void freeze() throws IOException;

    /** Resumes what {@link #freeze()} stopped. */
    void thaw() throws IOException;

    /**
     * The session's peak memory in bytes since start or the last {@link #resetPeak()}: the cgroup's high-water mark
     * (exact, includes page cache and tmpfs pages), else the sum of its live processes' peak resident sets.
     */
    OptionalLong memoryPeakBytes();

    /** Resets the high-water mark to current usage; false when the OS cannot (procfs fallback, cgroup v2). */
    boolean resetPeak();

    /** SIGKILL to every process of the session, keeping the session itself ({@code /tmp}, cgroup) for new ones. */
    void killAll();

    /** What confines this session, for logs, e.g. {@code bubblewrap+cgroup-v1} or {@code plain}. */
    String description();

    /** Kills every process, then removes the cgroup, the private {@code /tmp} and any scratch files. */
    @Override
    void close();
}
