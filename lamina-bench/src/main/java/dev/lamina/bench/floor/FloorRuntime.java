package dev.lamina.bench.floor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The runtime process of one floor function: the function's {@code bootstrap} started with Lambda's environment
 * variables and {@code AWS_LAMBDA_RUNTIME_API} pointing at the floor, its output discarded. Its monitor guards the
 * process.
 */
final class FloorRuntime {

    private final Path bootstrap;
    private final Path workDir;
    private final Map<String, String> env;
    private Process process;

    FloorRuntime(Path bootstrap, Path workDir, Map<String, String> env) {
        this.bootstrap = bootstrap;
        this.workDir = workDir;
        this.env = Map.copyOf(env);
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the runtime unless it is running. */
    synchronized void ensureStarted() {
        if (process != null && process.isAlive()) {
            return;
        }
        // setsid: the runtime and everything it forks (curl) form one process group, killed together by stop()
        ProcessBuilder pb = new ProcessBuilder("setsid", bootstrap.toString()).directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> e = pb.environment();
        e.clear();
        e.putAll(env);
        try {
            process = pb.start();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot start " + bootstrap, ex);
        }
    }

    /**
     * Kills the runtime's whole process group (a shell runtime may be forking a new curl at that very moment, which
     * killing known descendants one by one would miss) and waits for the runtime to exit.
     */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
            process.destroyForcibly();
            process.waitFor();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot kill runtime " + process.pid(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Lambda's runtime environment variables (contract §5), for a floor function. */
    static Map<String, String> lambdaEnv(String name, String handler, Path taskRoot, Path runtimeDir,
            String executionEnv, String runtimeApi, Map<String, String> functionEnv) {
        Map<String, String> e = new HashMap<>(functionEnv);
        e.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        e.put("LANG", "en_US.UTF-8");
        e.put("TZ", ":UTC");
        e.put("_HANDLER", handler);
        e.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        if (runtimeDir != null) {
            e.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        }
        if (executionEnv != null) {
            e.put("AWS_EXECUTION_ENV", executionEnv);
        }
        e.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        e.put("AWS_LAMBDA_FUNCTION_NAME", name);
        e.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        e.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        e.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        e.put("AWS_LAMBDA_LOG_STREAM_NAME", "floor/" + name);
        e.put("AWS_REGION", FloorServer.REGION);
        e.put("AWS_DEFAULT_REGION", FloorServer.REGION);
        return e;
    }
}
