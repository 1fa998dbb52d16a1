package dev.lamina.sandbox;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/** A started process (and the process group it leads). */
public interface SandboxedProcess {

    long pid();

    /**
     * The process's standard output; read it, or the process may block. A blocking pipe: read it on a platform
     * thread (on a virtual thread the read pins its carrier, and a few such reads stall every virtual thread).
     */
    InputStream stdout();

    /** The process's standard error; read it (on a platform thread, as {@link #stdout()}), or it may block. */
    InputStream stderr();

    /** Completes when the process has exited. */
    CompletableFuture<ProcessExit> exit();

    /** Sends a signal to the whole process group; does nothing once the process has exited. */
    void signal(Signal signal);

    /** SIGKILL to the whole process group. */
    default void kill() {
        signal(Signal.KILL);
    }

    boolean isAlive();
}
