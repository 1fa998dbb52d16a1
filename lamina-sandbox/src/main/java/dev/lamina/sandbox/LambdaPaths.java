package dev.lamina.sandbox;

import java.nio.file.Path;

/**
 * Where a session's processes see the function's directories. Bubblewrap sessions give Lambda's real paths
 * ({@code /var/task}, {@code /opt}, {@code /var/runtime}, {@code /tmp}); plain sessions give the host paths.
 *
 * @param taskRoot   the code, {@code LAMBDA_TASK_ROOT}
 * @param optRoot    the layers; null when the session has none
 * @param runtimeDir the managed runtime, {@code LAMBDA_RUNTIME_DIR}; null when the session has none
 * @param tmp        the session's private, writable temporary directory
 */
public record LambdaPaths(Path taskRoot, Path optRoot, Path runtimeDir, Path tmp) {
    public static final LambdaPaths LAMBDA = new LambdaPaths(Path.of("/var/task"), Path.of("/opt"),
            Path.of("/var/runtime"), Path.of("/tmp"));
}
