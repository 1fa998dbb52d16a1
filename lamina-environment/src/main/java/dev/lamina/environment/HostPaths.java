package dev.lamina.environment;

import dev.lamina.protocol.extensions.ExtensionsApi;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Lambda's fixed paths are in a spec. Called with the host spec it finds extensions on the host; called with
 * the spec as a sandbox session shows it ({@code EnvironmentSpec.at}: {@code /opt}, {@code /var/task} under
 * bubblewrap, the host directories in plain sessions) it gives the paths processes are started with.
 */
final class HostPaths {
    private HostPaths() {}

    /** {@code /opt/extensions} on the host, or null without layers. */
    static Path extensionsDir(EnvironmentSpec spec) {
        return spec.optRoot() == null ? null : spec.optRoot().resolve(ExtensionsApi.EXTENSIONS_DIR);
    }

    /**
     * External extensions (contract §2): the executable regular files of {@code /opt/extensions}, sorted by name;
     * directories and non-executable files are skipped.
     */
    static List<Path> externalExtensions(EnvironmentSpec spec) {
        Path dir = extensionsDir(spec);
        List<Path> found = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return found;
    }

    /** A path as a process inside Lambda would name it: {@code /opt/…} and {@code /var/task/…} map to the host. */
    static String toHost(EnvironmentSpec spec, String lambdaPath) {
        if (spec.optRoot() != null && (lambdaPath.equals("/opt") || lambdaPath.startsWith("/opt/"))) {
            return spec.optRoot().resolve(lambdaPath.substring("/opt".length()).replaceFirst("^/", "")).toString();
        }
        if (lambdaPath.equals("/var/task") || lambdaPath.startsWith("/var/task/")) {
            return spec.taskRoot().resolve(lambdaPath.substring("/var/task".length()).replaceFirst("^/", ""))
                    .toString();
        }
        return lambdaPath;
    }

    /** The working directory of external extensions: {@code /opt}. */
    static Path extensionWorkingDir(EnvironmentSpec spec) {
        return spec.optRoot();
    }
}
