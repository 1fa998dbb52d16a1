package dev.lamina.sandbox;

import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.BeforeAll;

/** The session contract with bubblewrap and this machine's cgroups. */
class BubblewrapSessionTest extends SessionContractTest {
    static final Cgroups CGROUPS = Cgroups.detect();

    @BeforeAll
    static void needsBubblewrap() {
        assumeThat(Sandboxes.bubblewrapProblem()).as("bubblewrap usable").isEmpty();
    }

    @Override
    Sandbox sandbox() {
        return new BubblewrapSandbox(Sandboxes.findOnPath("bwrap").orElseThrow(), CGROUPS, false);
    }

    @Override
    boolean withCgroup() {
        return !CGROUPS.description().startsWith("no cgroup");
    }
}
