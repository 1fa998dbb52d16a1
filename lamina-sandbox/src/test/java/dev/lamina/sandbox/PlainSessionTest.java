package dev.lamina.sandbox;

/** The session contract with plain processes and this machine's cgroups. */
class PlainSessionTest extends SessionContractTest {
    @Override
    Sandbox sandbox() {
        return new PlainProcessSandbox(true, BubblewrapSessionTest.CGROUPS);
    }

    @Override
    boolean withCgroup() {
        return !BubblewrapSessionTest.CGROUPS.description().startsWith("no cgroup");
    }
}
