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
    void theFirstProcessIsTheOneStagedAtOpenAndLaterOnesGoThroughTheLauncher() throws Exception {
        LaunchedProcess staged = session.stagedProcess();
        assertThat(staged).isNotNull();
        assertThat(staged.reporterPid()).isPositive();
        SandboxedProcess first = SessionFixture.sh(session, "echo first; pwd");
        assertThat(first).isSameAs(staged);
        assertThat(SessionFixture.collect(first).stdout()).isEqualTo("first\n" + session.paths().taskRoot() + "\n");
        assertThat(session.stagedProcess()).isNull();
        LaunchedProcess second = (LaunchedProcess) SessionFixture.sh(session, "echo second");
        assertThat(second.reporterPid()).isNotEqualTo(staged.reporterPid());
        assertThat(SessionFixture.collect(second).stdout()).isEqualTo("second\n");
    }

    /** Exported by the staged shell (no PWD, OLDPWD of its own), or through env -i for a name it cannot export. */
    @Test
    void theStagedProcessGetsExactlyItsVariables() throws Exception {
        String odd = "it's \"quoted\" $HOME `x` \\ \n second line";
        SessionFixture.Result r = SessionFixture.collect(session.start(new ExecRequest("env", List.of("/usr/bin/env"),
                session.paths().taskRoot(), java.util.Map.of("PATH", "/usr/bin:/bin", "ODD", odd))));
        assertThat(r.stdout()).isIn("PATH=/usr/bin:/bin\nODD=" + odd + "\n", "ODD=" + odd + "\nPATH=/usr/bin:/bin\n");
        assertThat(Staged.script(Path.of("/"), java.util.Map.of("A", "1"), List.of("/x"))).contains("export 'A=1'");
        assertThat(Staged.script(Path.of("/"), java.util.Map.of("odd-name", "1"), List.of("/x")))
                .contains("exec /usr/bin/env -i 'odd-name=1' '/x'");
    }

    @Test
    void aStagedProcessThatDiedIsReplacedByAStartThroughTheLauncher() throws Exception {
        LaunchedProcess staged = session.stagedProcess();
        // reporting shell → nsenter → (setsid exec) the shell waiting for its script, inside the session
        long[] waiting = new long[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Long> nsenter = Procfs.children(staged.reporterPid());
            List<Long> shell = nsenter.isEmpty() ? List.of() : Procfs.children(nsenter.getFirst());
            waiting[0] = shell.isEmpty() ? 0 : shell.getFirst();
            return waiting[0] > 0;
        });
        ProcessGroupSignaller.signalPid(waiting[0], Signal.KILL.number());
        assertThat(staged.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(9));
        SessionFixture.Result r = SessionFixture.run(session, "echo fresh");
        assertThat(r.stdout()).isEqualTo("fresh\n");
    }

    @Test
    void aDeadLauncherFailsTheNextStartAtOnceAndTheSessionStillCloses() throws Exception {
        assertThat(SessionFixture.run(session, "echo staged").stdout()).isEqualTo("staged\n"); // the staged one
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

    /**
     * bubblewrap's --die-with-parent fires when the thread that forked it ends: a session opened from a thread that
     * is gone since (a short-lived platform thread, a retired carrier) must still work.
     */
    @Test
    void aSessionOutlivesTheThreadThatOpenedIt() throws Exception {
        Path task = SessionFixture.taskRoot(dir.resolve("task2"));
        Sandbox sandbox = new BubblewrapSandbox(Sandboxes.findOnPath("bwrap").orElseThrow(),
                BubblewrapSessionTest.CGROUPS, false);
        java.util.concurrent.CompletableFuture<SandboxSession> opened = new java.util.concurrent.CompletableFuture<>();
        Thread opener = Thread.ofPlatform().start(() -> {
            try {
                opened.complete(sandbox.open(SessionSpec.builder("short-lived", task,
                        Files.createDirectories(dir.resolve("scratch2"))).cpuMillicores(0).build()));
            } catch (Exception e) {
                opened.completeExceptionally(e);
            }
        });
        SandboxSession other = opened.get(30, TimeUnit.SECONDS);
        try {
            opener.join();
            // the signal, had there been one, is sent as the thread exits; give it time to land
            await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(SessionFixture.run(other, "echo alive").stdout()).isEqualTo("alive\n");
        } finally {
            other.close();
        }
    }

    @Test
    void scriptsQuoteEveryWord() {
        assertThat(SessionLauncher.quote("it's $HOME `x`")).isEqualTo("'it'\\''s $HOME `x`'");
        String script = SessionLauncher.script(7, "/dev/null", "/proc/1/fd/5", "/proc/1/fd/6",
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
