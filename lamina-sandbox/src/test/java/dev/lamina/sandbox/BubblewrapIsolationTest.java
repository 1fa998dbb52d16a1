package dev.lamina.sandbox;

import static dev.lamina.sandbox.SessionFixture.run;
import static dev.lamina.sandbox.SessionFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a bubblewrap session isolates: Lambda's paths, read-only root, hidden paths, its own pid namespace. */
class BubblewrapIsolationTest {
    @TempDir
    Path dir;

    Path task;
    Path opt;
    Path runtime;
    Path scratch;
    /** Outside /tmp (which every session replaces anyway): a "data dir" to hide and a sibling left visible. */
    Path hidden;
    Path visible;
    SandboxSession session;

    @BeforeAll
    static void needsBubblewrap() {
        assumeThat(Sandboxes.bubblewrapProblem()).as("bubblewrap usable").isEmpty();
    }

    @BeforeEach
    void setUp() throws Exception {
        task = SessionFixture.taskRoot(dir);
        opt = Files.createDirectories(dir.resolve("layers/extensions"));
        Files.writeString(opt.resolve("ext.sh"), "ext\n");
        opt = opt.getParent();
        runtime = Files.createDirectories(dir.resolve("runtime"));
        Files.writeString(runtime.resolve("bootstrap"), "rt\n");
        scratch = Files.createDirectories(dir.resolve("scratch"));
        // /var/tmp, not the build's target/: a checkout under /tmp would itself be behind the session's private /tmp
        Path target = Path.of("/var/tmp");
        String unique = UUID.randomUUID().toString();
        hidden = Files.createDirectories(target.resolve("sbx-data-" + unique));
        Files.writeString(hidden.resolve("secret"), "s\n");
        visible = Files.createDirectories(target.resolve("sbx-visible-" + unique));
        session = new BubblewrapSandbox(Sandboxes.findOnPath("bwrap").orElseThrow(), BubblewrapSessionTest.CGROUPS, false)
                .open(SessionSpec.builder("iso", task, scratch).optRoot(opt).runtimeDir(runtime).cpuMillicores(0)
                        .tmp(1, TmpStorage.TMPFS).hiddenPaths(List.of(hidden)).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        session.close();
        AbstractSession.deleteTree(hidden);
        AbstractSession.deleteTree(visible);
    }

    @Test
    void lambdaPathsHoldTheGivenDirectoriesReadOnly() throws Exception {
        assertThat(session.paths()).isEqualTo(LambdaPaths.LAMBDA);
        SessionFixture.Result r = run(session, "cat /var/task/hello /opt/extensions/ext.sh /var/runtime/bootstrap;"
                + " for f in /var/task/x /opt/x /var/runtime/x /x /usr/x; do touch $f 2>/dev/null && echo WROTE $f;"
                + " done; touch /tmp/ok && echo tmp-writable");
        assertThat(r.stdout().lines()).containsExactly("from-task", "ext", "rt", "tmp-writable");
        assertThat(task.resolve("x")).doesNotExist();
    }

    @Test
    void hostCodeDirectoriesAndHiddenPathsAreNotVisible() throws Exception {
        SessionFixture.Result r = run(session, "for p in " + hidden + " " + hidden + "/secret " + task + " " + scratch
                + " " + visible + " /usr/bin/env; do test -e $p && echo present $p || echo absent $p; done");
        assertThat(r.stdout().lines()).containsExactly("absent " + hidden, "absent " + hidden + "/secret",
                "absent " + task, "absent " + scratch, "present " + visible, "present /usr/bin/env");
    }

    @Test
    void tmpIsSizeLimited() throws Exception {
        SessionFixture.Result r = run(session, "head -c 3000000 /dev/zero > /tmp/big");
        assertThat(r.exit()).isNotEqualTo(new ProcessExit.Exited(0));
        assertThat(r.stderr()).contains("No space left on device");
    }

    @Test
    void processesShareOnePidNamespaceOfTheirOwn() throws Exception {
        SandboxedProcess sleeper = sh(session, "exec sleep 300");
        SessionFixture.Result r = run(session, "ls /proc | grep -E '^[0-9]+$' | sort -n; echo self $$");
        List<String> lines = r.stdout().lines().toList();
        List<Long> pids = lines.stream().filter(l -> !l.startsWith("self")).map(Long::parseLong).toList();
        // 1: bubblewrap's reaper, 2: the holder, the sleeper, this shell and its ls/grep/sort: nothing of the host
        assertThat(pids).contains(1L, 2L).allMatch(p -> p < 100).hasSizeLessThan(10);
        assertThat(pids).doesNotContain(ProcessHandle.current().pid());
        String sleeperComm = run(session, "for p in /proc/[0-9]*; do cat $p/comm; done").stdout();
        assertThat(sleeperComm.lines()).contains("sleep");
        sleeper.kill();
        assertThat(sleeper.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(9));
    }

    @Test
    void closeLeavesNoProcessNamespaceOrMount() throws Exception {
        BubblewrapSession s = (BubblewrapSession) session;
        SandboxedProcess p = sh(session, "sleep 300 & exec sleep 300");
        await().atMost(Duration.ofSeconds(5)).until(() -> s.memberPids().size() >= 4); // init, holder, 2 sleeps
        List<Long> members = s.memberPids();
        String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
        session.close();
        assertThat(p.exit()).isCompletedWithValue(new ProcessExit.Signaled(9));
        await().atMost(Duration.ofSeconds(5)).until(() -> members.stream().noneMatch(m -> Files.exists(Path.of("/proc/" + m))));
        assertThat(s.memberPids()).isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);
        assertThat(Files.exists(Path.of("/var/task"))).as("no mount point left on the host").isFalse();
    }
}
