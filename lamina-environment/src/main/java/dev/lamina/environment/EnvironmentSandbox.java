package dev.lamina.environment;

import dev.lamina.sandbox.Sandbox;
import dev.lamina.sandbox.SandboxSession;
import dev.lamina.sandbox.SessionSpec;
import dev.lamina.sandbox.TmpStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How every environment of a factory is confined: the sandbox, where its sessions keep their files, which host
 * paths they hide and where {@code /tmp} lives. Opens one {@link SandboxSession} per environment.
 *
 * @param sandbox     bubblewrap or plain processes
 * @param scratchDir  where sessions keep their per-session files (under Lamina's data directory)
 * @param hiddenPaths host paths no function may see (Lamina's data directory)
 * @param tmpStorage  tmpfs (size-limited, counts against memory) or a host directory (see docs/decisions.md)
 */
record EnvironmentSandbox(Sandbox sandbox, Path scratchDir, List<Path> hiddenPaths, TmpStorage tmpStorage) {

    EnvironmentSandbox {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(scratchDir, "scratchDir");
        Objects.requireNonNull(tmpStorage, "tmpStorage");
        hiddenPaths = List.copyOf(hiddenPaths);
    }

    /**
     * The session of environment {@code id}: the code at {@code /var/task}, the layers at {@code /opt}, the managed
     * runtime at {@code /var/runtime}, a private {@code /tmp} of the function's ephemeral storage size, the
     * function's memory as the session's limit. No CPU quota: Lambda's share (1769 MB = one vCPU) makes a JVM at
     * 128 MB miss the 10 s init limit on a developer machine; see docs/decisions.md.
     */
    SandboxSession open(String id, EnvironmentSpec spec) throws IOException {
        SessionSpec session = SessionSpec.builder(id, spec.taskRoot(), scratchDir)
                .optRoot(spec.optRoot())
                .runtimeDir(spec.runtimeDir())
                .memoryMb(spec.memoryMb())
                .cpuMillicores(0)
                .tmp(spec.ephemeralStorageMb(), tmpStorage)
                .hiddenPaths(hiddenPaths)
                .build();
        return sandbox.open(session);
    }
}
