package dev.lamina.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the runtime's entrypoint (contract §5): task root, then {@code /opt}, then the runtime directory. */
final class BootstrapLocator {
    private BootstrapLocator() {}

    static List<Path> candidates(EnvironmentSpec spec) {
        List<Path> candidates = new ArrayList<>();
        for (Path root : new Path[] {spec.taskRoot(), spec.optRoot(), spec.runtimeDir()}) {
            if (root != null) {
                candidates.add(root.resolve("bootstrap"));
            }
        }
        return candidates;
    }

    /** The first candidate that is an executable regular file. */
    static Optional<Path> find(EnvironmentSpec spec) {
        return candidates(spec).stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }
}
