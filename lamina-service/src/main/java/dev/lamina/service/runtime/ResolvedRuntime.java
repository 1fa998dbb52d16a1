package dev.lamina.service.runtime;

import java.nio.file.Path;

/**
 * What an environment needs to know about a function's runtime.
 *
 * @param runtimeDir   the managed runtime's directory (its {@code bootstrap}); null for {@code provided*}
 * @param executionEnv {@code AWS_EXECUTION_ENV}, e.g. {@code AWS_Lambda_java21}; null for {@code provided*}
 */
public record ResolvedRuntime(String name, Path runtimeDir, String executionEnv) {}
