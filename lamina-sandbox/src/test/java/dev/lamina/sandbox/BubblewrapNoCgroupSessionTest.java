package dev.lamina.sandbox;

import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.BeforeAll;

/**
 * The session contract with bubblewrap and no cgroup: freezing falls back to SIGSTOP of every process in the pid
 * namespace (and nsenter's stop-and-resume dance), memory to procfs.
 */
class BubblewrapNoCgroupSessionTest extends SessionContractTest {
    @BeforeAll
    static void needsBubblewrap() {
        assumeThat(Sandboxes.bubblewrapProblem()).as("bubblewrap usable").isEmpty();
    }

    @Override
    Sandbox sandbox() {
        return new BubblewrapSandbox(Sandboxes.findOnPath("bwrap").orElseThrow(), Cgroups.none("disabled by the test"), false);
    }

    @Override
    boolean withCgroup() {
        return false;
    }
}
