package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A session of plain processes (no namespaces): paths are the host's, {@code TMPDIR} points at a private directory
 * {@code <scratch>/<id>/tmp} (the host's {@code /tmp} stays visible: a runtime that hard-codes {@code /tmp} shares
 * it with every other session), each process joins the session's cgroup before it execs (when there is one) and
 * leads its own process group through {@code setsid}.
 */
final class PlainSession extends AbstractSession {
    private static final String SETSID = "/usr/bin/setsid";

    private final LambdaPaths paths;

    private PlainSession(String id, SessionSpec spec, Optional<Cgroup> cgroup, Path scratch, LambdaPaths paths) {
        super(id, spec, cgroup, scratch);
        this.paths = paths;
    }

    static PlainSession open(SessionSpec spec, Cgroups cgroups) throws IOException {
        String id = newId();
        Path scratch = spec.scratchDir().resolve(id);
        Path tmp = scratch.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new SandboxException("mkdir", tmp, e, "the scratch directory must be writable");
        }
        Optional<Cgroup> cgroup = cgroups.create(id, CgroupLimits.of(spec));
        return new PlainSession(id, spec, cgroup, scratch,
                new LambdaPaths(spec.taskRoot(), spec.optRoot(), spec.runtimeDir(), tmp));
    }

    @Override
    public LambdaPaths paths() {
        return paths;
    }

    @Override
    public Optional<Path> toHost(Path visible) {
        return Optional.of(visible);
    }

    @Override
    public Optional<Path> toVisible(Path host) {
        return Optional.of(host);
    }

    @Override
    public synchronized SandboxedProcess start(ExecRequest request) throws IOException {
        checkOpen();
        Path program = ProgramResolver.resolve(request, p -> p);
        List<String> command = new ArrayList<>(InheritedSignals.resetPrefix());
        command.add(SETSID);
        command.add(program.toString());
        command.addAll(request.command().subList(1, request.command().size()));
        Map<String, String> env = new HashMap<>(request.environment());
        env.putIfAbsent("TMPDIR", paths.tmp().toString());
        ProcessBuilder builder = new ProcessBuilder(
                CgroupJoin.wrap(cgroup.map(Cgroup::procsFiles).orElse(List.of()), command, env))
                .directory(request.workingDir().toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)); // no stdin pipe: its 8 KiB buffer per process
        Process process = builder.start();
        awaitGroupLeader(process);
        SessionProcess p = new SessionProcess(process, process.pid(), request.name(), this::classify, sp -> {});
        processes.add(p);
        return p;
    }

    /** Returns once {@code setsid} has run (a group signal reaches the process), or the process is gone. */
    private static void awaitGroupLeader(Process process) {
        long end = System.nanoTime() + KILL_WAIT.toNanos();
        while (process.isAlive() && Procfs.pgid(process.pid()).orElse(process.pid()) != process.pid()
                && System.nanoTime() < end) {
            LockSupport.parkNanos(100_000);
        }
    }

    /** The started processes and their live descendants. */
    @Override
    List<Long> memberPids() {
        if (cgroup.isPresent()) {
            return List.copyOf(cgroup.get().pids());
        }
        return processes.stream()
                .flatMap(p -> ProcessHandle.of(p.pid()).stream())
                .flatMap(h -> Stream.concat(Stream.of(h), h.descendants()))
                .map(ProcessHandle::pid)
                .toList();
    }

    @Override
    Set<Long> keepAlive() {
        return Set.of();
    }

    @Override
    void destroy() {
        // nothing beyond processes, cgroup and scratch
    }

    @Override
    public String description() {
        return "plain" + cgroup.map(c -> "+" + c.description()).orElse("");
    }
}
