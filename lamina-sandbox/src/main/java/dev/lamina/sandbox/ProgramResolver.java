package dev.lamina.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Checks a request's program and working directory up front, so a missing or non-executable program fails with a
 * clear {@link IOException} instead of an exit status 1 or 127 from a wrapper. Paths are as the process sees them;
 * {@code hostView} maps such a path to one the JVM can test (identity for plain processes,
 * {@code /proc/<pid>/root/…} for a bubblewrap session).
 */
final class ProgramResolver {
    private ProgramResolver() {}

    /** The program's path as the process sees it. */
    static Path resolve(ExecRequest request, UnaryOperator<Path> hostView) throws IOException {
        if (request.command().isEmpty()) {
            throw new IOException("cannot start '" + request.name() + "': empty command");
        }
        if (!Files.isDirectory(hostView.apply(request.workingDir()))) {
            throw new IOException("cannot start " + request.command().getFirst() + ": working directory "
                    + request.workingDir() + " does not exist or is not a directory");
        }
        String name = request.command().getFirst();
        if (name.contains("/")) {
            Path path = request.workingDir().resolve(name);
            checkExecutable(path, hostView.apply(path));
            return path;
        }
        String searchPath = request.environment().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : searchPath.split(File.pathSeparator)) {
            Path candidate = (dir.isEmpty() ? request.workingDir() : request.workingDir().resolve(dir)).resolve(name);
            Path host = hostView.apply(candidate);
            if (Files.isRegularFile(host) && Files.isExecutable(host)) {
                return candidate;
            }
        }
        throw new IOException("cannot execute '" + name + "': not found on PATH " + searchPath);
    }

    private static void checkExecutable(Path path, Path host) throws IOException {
        if (!Files.exists(host)) {
            throw new IOException("cannot execute " + path + ": no such file");
        }
        if (!Files.isRegularFile(host)) {
            throw new IOException("cannot execute " + path + ": not a regular file");
        }
        if (!Files.isExecutable(host)) {
            throw new IOException("cannot execute " + path + ": permission denied (not executable); hint: chmod +x");
        }
    }
}
