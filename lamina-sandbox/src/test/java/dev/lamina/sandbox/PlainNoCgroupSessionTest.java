package dev.lamina.sandbox;

/** The session contract with plain processes and no cgroup: SIGSTOP freezing, procfs memory. */
class PlainNoCgroupSessionTest extends SessionContractTest {
    @Override
    Sandbox sandbox() {
        return new PlainProcessSandbox(true, Cgroups.none("disabled by the test"));
    }

    @Override
    boolean withCgroup() {
        return false;
    }
}
