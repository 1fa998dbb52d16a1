package dev.lamina.sandbox;

import java.io.IOException;

/**
 * Starts confined processes. The sandbox knows nothing of Lambda: it is given a command, a working directory,
 * a filesystem view and environment variables, and hands back a {@link SandboxedProcess}.
 *
 * <p>Implementations: {@code PlainProcessSandbox} (plain child processes, each the leader of its own process
 * group). Later: {@code BubblewrapSandbox}.
 */
public interface Sandbox {

    /** Starts the process described by the request; throws when it cannot be executed at all. */
    SandboxedProcess start(ExecRequest request) throws IOException;

    /** A short name for logs, e.g. {@code plain} or {@code bubblewrap}. */
    String kind();
}
