package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts plain child processes, without confinement: exactly the given environment (nothing inherited), the given
 * working directory, stdout and stderr as pipes.
 *
 * <p>Each process is made the leader of its own process group (and session) by running it through
 * {@code /usr/bin/setsid}: the JVM's child is not a group leader, so {@code setsid} calls {@code setsid(2)} and
 * exec's the command in place, keeping the pid. {@link SandboxedProcess#signal} then reaches the whole group.
 * Without {@code setsid} the process stays in the JVM's group and signals fall back to the process tree.
 *
 * <p>{@link #start} runs stand-alone processes with no confinement; {@link #open} gives sessions (see there).
 */
public final class PlainProcessSandbox implements Sandbox {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final boolean useSetsid;
    private final Cgroups cgroups;

    /** Sessions use the cgroup hierarchy found on this machine, if any. */
    public PlainProcessSandbox() {
        this(Files.isExecutable(SETSID), Cgroups.detect());
    }

    PlainProcessSandbox(boolean useSetsid) {
        this(useSetsid, Cgroups.detect());
    }

    PlainProcessSandbox(boolean useSetsid, Cgroups cgroups) {
        this.useSetsid = useSetsid;
        this.cgroups = cgroups;
    }

    @Override
    public SandboxedProcess start(ExecRequest request) throws IOException {
        Path program = resolve(request);
        List<String> command = new ArrayList<>(InheritedSignals.resetPrefix());
        if (useSetsid) {
            command.add(SETSID.toString());
        }
        command.add(program.toString());
        command.addAll(request.command().subList(1, request.command().size()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(request.workingDir().toFile());
        builder.environment().clear();
        builder.environment().putAll(request.environment());
        Process process = builder.start();
        return new PlainProcess(process, useSetsid, request.name());
    }

    /** Checks the program up front: behind {@code setsid} an exec failure would only show as exit status 1. */
    private static Path resolve(ExecRequest request) throws IOException {
        return ProgramResolver.resolve(request, p -> p);
    }

    /**
     * A session of plain processes: host paths (identity), a private tmp directory under the scratch directory
     * (given to each process as {@code TMPDIR}; {@code /tmp} itself stays the host's), the session's cgroup when
     * available, SIGSTOP/SIGCONT freezing otherwise.
     */
    @Override
    public SandboxSession open(SessionSpec spec) throws IOException {
        return PlainSession.open(spec, cgroups);
    }

    @Override
    public String kind() {
        return "plain";
    }
}
