package dev.lamina.environment;

import dev.lamina.sandbox.SandboxSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link InitPhase} starts the runtime: the command line ({@code AWS_LAMBDA_EXEC_WRAPPER}) and the managed
 * runtime's log fd. Stateless helpers, called on the environment's serial executor.
 */
final class RuntimeLaunch {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeLaunch.class);

    private RuntimeLaunch() {}

    /** A managed runtime's bootstrap (the Java runtimes); OS-only runtimes run the function's own. */
    static boolean managed(EnvironmentSpec visible, Path bootstrap) {
        return visible.runtimeDir() != null && bootstrap.startsWith(visible.runtimeDir());
    }

    /**
     * {@code AWS_LAMBDA_EXEC_WRAPPER} (DG runtimes-modify): a managed runtime is started through the wrapper, which
     * gets the runtime's command as its arguments. OS-only runtimes ({@code provided*}, no runtime directory) ignore
     * it, as on Lambda.
     */
    static List<String> command(EnvironmentSpec spec, EnvironmentSpec visible, Path bootstrap) {
        String wrapper = spec.functionEnv().get("AWS_LAMBDA_EXEC_WRAPPER");
        if (wrapper == null || wrapper.isBlank() || visible.runtimeDir() == null
                || !bootstrap.startsWith(visible.runtimeDir())) {
            return List.of(bootstrap.toString());
        }
        return List.of(HostPaths.toHost(visible, wrapper.trim()), bootstrap.toString());
    }

    /** The managed runtime's log fd (docs/telemetry.md); null (stdout only) when the pipe cannot be made. */
    static LogFifo logFifo(SandboxSession session, String environmentId) {
        Path tmp = session.paths().tmp();
        try {
            Path hostTmp = session.toHost(tmp).orElseThrow(() -> new IOException("no host path of " + tmp));
            return LogFifo.create(tmp, hostTmp);
        } catch (IOException | RuntimeException e) {
            LOG.warn("environment {}: no {} for the runtime, its logs go to stdout: {}", environmentId,
                    LogFifo.VARIABLE, e.toString());
            return null;
        }
    }
}
