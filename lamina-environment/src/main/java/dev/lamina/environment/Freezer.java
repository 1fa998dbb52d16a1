package dev.lamina.environment;

import dev.lamina.sandbox.SandboxedProcess;
import java.util.Collection;

/**
 * Freezes an environment's processes while everything is parked (contract §4.4) and thaws them before anything
 * is released to them. Today {@link #SIGNALS} (SIGSTOP/SIGCONT to each process group); a confining sandbox will
 * use the cgroup freezer behind the same interface.
 */
interface Freezer {

    void freeze(Collection<SandboxedProcess> processes);

    void thaw(Collection<SandboxedProcess> processes);

    Freezer SIGNALS = new Freezer() {
        @Override
        public void freeze(Collection<SandboxedProcess> processes) {
            processes.forEach(p -> p.signal(dev.lamina.sandbox.Signal.STOP));
        }

        @Override
        public void thaw(Collection<SandboxedProcess> processes) {
            processes.forEach(p -> p.signal(dev.lamina.sandbox.Signal.CONT));
        }
    };

    Freezer NONE = new Freezer() {
        @Override
        public void freeze(Collection<SandboxedProcess> processes) {}

        @Override
        public void thaw(Collection<SandboxedProcess> processes) {}
    };
}
