package dev.lamina.bench.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A benchmark function as a user would ship it: its files (each executable, as {@code zip} on Linux records a
 * {@code bootstrap}), runtime, handler and environment.
 *
 * @param name    the function name
 * @param runtime {@code provided.al2023} or a managed runtime such as {@code java21}
 * @param handler the handler ({@code _HANDLER})
 * @param files   path in the zip → content
 * @param env     the function's environment variables
 */
public record BenchFunction(String name, String runtime, String handler, Map<String, byte[]> files,
        Map<String, String> env) {

    public static final int MEMORY_MB = 256;
    public static final int TIMEOUT_SECONDS = 300; // longer than the idle scenario holds its first invoke (its 170 s budget + 20 s)

    public BenchFunction {
        files = Map.copyOf(files);
        env = Map.copyOf(env);
    }

    public BenchFunction named(String newName) {
        return new BenchFunction(newName, runtime, handler, files, env);
    }

    /** The function's zip, written through {@code target} (a scratch file). */
    public byte[] zip(Path target) {
        try {
            Files.deleteIfExists(target);
            URI uri = URI.create("jar:" + target.toUri());
            try (FileSystem fs = FileSystems.newFileSystem(uri,
                    Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    write(fs.getPath(e.getKey()), e.getValue());
                }
            }
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the function's files under {@code taskRoot}, as an extracted zip. */
    public void extractTo(Path taskRoot) {
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                write(taskRoot.resolve(e.getKey()), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, byte[] content) throws IOException {
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        Files.write(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
