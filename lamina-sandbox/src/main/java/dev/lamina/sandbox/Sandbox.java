package dev.lamina.sandbox;

import java.io.IOException;

/**
 * Starts confined processes. The sandbox knows nothing of Lambda: it is given a command, a working directory,
 * a filesystem view and environment variables, and hands back a {@link SandboxedProcess}.
 *
 * <p>Two levels: {@link #start} runs one stand-alone process (the historical API, host paths, no confinement);
 * {@link #open} creates a {@link SandboxSession}, the confinement one execution environment's processes share.
 * Implementations: {@link PlainProcessSandbox} and {@code BubblewrapSandbox}; {@link Sandboxes#detect()} picks one.
 */
public interface Sandbox {

    /** Starts the process described by the request; throws when it cannot be executed at all. */
    SandboxedProcess start(ExecRequest request) throws IOException;

    /** Opens a session: mounts, cgroup and (bubblewrap) the namespaces its processes will share. */
    SandboxSession open(SessionSpec spec) throws IOException;

    /**
     * A network for one session's processes ({@link SessionSpec#networkNamespace()}): a namespace of its own where
     * this sandbox isolates networks, else the host's network. The caller closes it after the session.
     */
    default SandboxNetwork openNetwork() throws IOException {
        return SandboxNetwork.host();
    }

    /** What {@link #openNetwork()} gives: {@code isolated} (a namespace per session) or {@code shared} (the host's). */
    default String networkKind() {
        return "shared";
    }

    /** A short name for logs, e.g. {@code plain} or {@code bubblewrap}. */
    String kind();
}
