package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher of a bubblewrap session (the shell inside the session's cgroup that forks its processes, D75): what
 * happens when parts of its chain die, and that it goes with the session.
 */
class SessionLauncherTest {
    @TempDir
    Path dir;
    private BubblewrapSession session;

    @BeforeAll
    static void needsBubblewrap() {
        assumeThat(Sandboxes.bubblewrapProblem()).as("bubblewrap usable").isEmpty();
    }

    @BeforeEach
    void open() throws Exception {
        Path task = SessionFixture.taskRoot(dir.resolve("task"));
        Sandbox sandbox = new BubblewrapSandbox(Sandboxes.findOnPath("bwrap").orElseThrow(),
                BubblewrapSessionTest.CGROUPS, false);
        session = (BubblewrapSession) sandbox.open(SessionSpec.builder("launcher", task,
                Files.createDirectories(dir.resolve("scratch"))).cpuMillicores(0).build());
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void aProcessWhoseReportingShellIsKilledStillEnds() throws Exception {
        LaunchedProcess p = (LaunchedProcess) SessionFixture.sh(session, "exec sleep 60");
        assertThat(p.reporterPid()).isPositive();
        assertThat(p.wrapperPids()).containsExactly(p.reporterPid(), p.nsenterPid());
        ProcessGroupSignaller.signalPid(p.reporterPid(), Signal.KILL.number());
        // nobody reports its exit any more: the sweep notices the reporting shell is gone
        assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(Signal.KILL.number()));
        session.killAll();
        awaitGone(p.pid());
    }

    @Test
    void aDeadLauncherFailsTheNextStartAtOnceAndTheSessionStillCloses() throws Exception {
        long launcher = session.launcher().pid();
        ProcessGroupSignaller.signalPid(launcher, Signal.KILL.number());
        await().atMost(Duration.ofSeconds(10)).until(() -> !session.launcher().isAlive());
        assertThatThrownBy(() -> SessionFixture.sh(session, "true")).isInstanceOf(SandboxException.class)
                .hasMessageContaining("launcher");
        session.close();
        awaitGone(launcher);
    }

    @Test
    void theLauncherGoesWithTheSessionAndLeavesNoProcess() throws Exception {
        SandboxedProcess running = SessionFixture.sh(session, "exec sleep 60");
        SessionFixture.Result done = SessionFixture.run(session, "echo done");
        assertThat(done.stdout()).isEqualTo("done\n");
        long launcher = session.launcher().pid();
        List<Long> chain = ((LaunchedProcess) running).wrapperPids();
        session.close();
        assertThat(running.exit().get(10, TimeUnit.SECONDS)).isInstanceOf(ProcessExit.Signaled.class);
        for (long pid : concat(launcher, chain, running.pid())) {
            awaitGone(pid);
        }
        assertThat(Files.exists(dir.resolve("scratch").resolve(session.id()))).isFalse();
    }

    @Test
    void scriptsQuoteEveryWord() {
        assertThat(SessionLauncher.quote("it's $HOME `x`")).isEqualTo("'it'\\''s $HOME `x`'");
        String script = SessionLauncher.script(7, "/proc/1/fd/5", "/proc/1/fd/6",
                java.util.Map.of("A", "b c"), List.of("/usr/bin/true", "x y"));
        assertThat(script).contains("echo \"7 pid $self\" >&3", "'A=b c' '/usr/bin/true' 'x y' 3>&-",
                "echo \"7 exit $?\" >&3");
    }

    /** Gone, or a zombie its parent has yet to reap. */
    private static void awaitGone(long pid) {
        await().atMost(Duration.ofSeconds(10)).alias("pid " + pid + " gone")
                .until(() -> "?Z".indexOf(Procfs.state(pid)) >= 0);
    }

    private static List<Long> concat(long first, List<Long> middle, long last) {
        List<Long> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(middle);
        all.add(last);
        return all;
    }
}
