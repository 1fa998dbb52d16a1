package dev.lamina.environment;

import dev.lamina.sandbox.SandboxSession;
import dev.lamina.sandbox.SandboxedProcess;
import dev.lamina.sandbox.Signal;
import java.io.IOException;
import java.util.Collection;

/**
 * Freezes an environment's processes while everything is parked (contract §4.4) and thaws them before anything
 * is released to them. {@link #SESSION} (the default) freezes the environment's sandbox session: the cgroup
 * freezer, or SIGSTOP/SIGCONT to every member when there is no freezer cgroup (the session falls back itself).
 */
interface Freezer {

    void freeze(SandboxSession session, Collection<SandboxedProcess> processes) throws IOException;

    void thaw(SandboxSession session, Collection<SandboxedProcess> processes) throws IOException;

    /** The session's cgroup freezer (every process of the session, children included). */
    Freezer SESSION = new Freezer() {
        @Override
        public void freeze(SandboxSession session, Collection<SandboxedProcess> processes) throws IOException {
            session.freeze();
        }

        @Override
        public void thaw(SandboxSession session, Collection<SandboxedProcess> processes) throws IOException {
            session.thaw();
        }
    };

    /** SIGSTOP/SIGCONT to each process group. */
    Freezer SIGNALS = new Freezer() {
        @Override
        public void freeze(SandboxSession session, Collection<SandboxedProcess> processes) {
            processes.forEach(p -> p.signal(Signal.STOP));
        }

        @Override
        public void thaw(SandboxSession session, Collection<SandboxedProcess> processes) {
            processes.forEach(p -> p.signal(Signal.CONT));
        }
    };

    Freezer NONE = new Freezer() {
        @Override
        public void freeze(SandboxSession session, Collection<SandboxedProcess> processes) {}

        @Override
        public void thaw(SandboxSession session, Collection<SandboxedProcess> processes) {}
    };
}
