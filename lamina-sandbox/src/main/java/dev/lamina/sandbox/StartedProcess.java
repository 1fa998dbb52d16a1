package dev.lamina.sandbox;

import java.util.List;

/** A process a session started, with the host pids of the wrappers between it and the JVM (none for plain ones). */
interface StartedProcess extends SandboxedProcess {

    /** The wrappers' host pids: they exit with their target, so a session-wide kill spares them. */
    List<Long> wrapperPids();
}
