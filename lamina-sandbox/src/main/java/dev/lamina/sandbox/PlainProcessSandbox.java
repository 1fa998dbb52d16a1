package dev.lamina.sandbox;

import java.io.File;
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
 */
public final class PlainProcessSandbox implements Sandbox {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final boolean useSetsid;

    public PlainProcessSandbox() {
        this(Files.isExecutable(SETSID));
    }

    PlainProcessSandbox(boolean useSetsid) {
        this.useSetsid = useSetsid;
    }

    @Override
    public SandboxedProcess start(ExecRequest request) throws IOException {
        if (request.command().isEmpty()) {
            throw new IOException("cannot start '" + request.name() + "': empty command");
        }
        Path program = resolve(request);
        if (!Files.isDirectory(request.workingDir())) {
            throw new IOException("cannot start " + program + ": working directory " + request.workingDir()
                    + " does not exist or is not a directory");
        }
        List<String> command = new ArrayList<>();
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
        String name = request.command().getFirst();
        if (name.contains("/")) {
            Path path = request.workingDir().resolve(name);
            checkExecutable(path);
            return path;
        }
        String searchPath = request.environment().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : searchPath.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IOException("cannot execute '" + name + "': not found on PATH " + searchPath);
    }

    private static void checkExecutable(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("cannot execute " + path + ": no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("cannot execute " + path + ": not a regular file");
        }
        if (!Files.isExecutable(path)) {
            throw new IOException("cannot execute " + path + ": permission denied (not executable); hint: chmod +x");
        }
    }

    @Override
    public String kind() {
        return "plain";
    }
}
