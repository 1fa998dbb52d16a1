package dev.lamina.sandbox;

import static dev.lamina.sandbox.SessionFixture.run;
import static dev.lamina.sandbox.SessionFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every kind of session does, run against real processes: one subclass per sandbox (bubblewrap, plain) and
 * cgroup availability (the machine's, none).
 */
abstract class SessionContractTest {
    @TempDir
    Path dir;

    Path task;
    Path scratch;
    final List<SandboxSession> opened = new ArrayList<>();

    abstract Sandbox sandbox();

    /** True when sessions of this sandbox get a cgroup (limits, OOM detection, cgroup freezer). */
    abstract boolean withCgroup();

    @BeforeEach
    void setUp() throws Exception {
        task = SessionFixture.taskRoot(dir);
        scratch = Files.createDirectories(dir.resolve("scratch"));
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SandboxSession::close);
    }

    SessionSpec.Builder spec() {
        return SessionSpec.builder("test", task, scratch).cpuMillicores(0);
    }

    SandboxSession open(SessionSpec spec) throws Exception {
        SandboxSession s = sandbox().open(spec);
        opened.add(s);
        return s;
    }

    SandboxSession open() throws Exception {
        return open(spec().build());
    }

    @Test
    void exitCodesSignalsAndEnvironmentComeBack() throws Exception {
        SandboxSession s = open();
        assertThat(run(s, "exit 3").exit()).isEqualTo(new ProcessExit.Exited(3));
        SessionFixture.Result env = SessionFixture.collect(s.start(new ExecRequest("env", List.of("/usr/bin/env"),
                s.paths().taskRoot(), SessionFixture.ENV)));
        assertThat(env.exit()).isEqualTo(new ProcessExit.Exited(0));
        assertThat(env.stdout().lines()).contains("PATH=/usr/bin:/bin", "ONLY_THIS=yes");
        assertThat(env.stdout().lines().filter(l -> !l.startsWith("TMPDIR="))).hasSize(2);
        SandboxedProcess p = sh(s, "exec sleep 30");
        p.signal(Signal.TERM);
        assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(15));
    }

    /**
     * Arguments and variables arrive byte for byte (quotes, newlines, {@code $}, backslashes) and exactly, and every
     * process is in the session's cgroup from its start; several starts in a row.
     */
    @Test
    void argumentsAndVariablesPassUnchangedAndEveryProcessIsInTheCgroup() throws Exception {
        SandboxSession s = open();
        String odd = "it's \"quoted\" $HOME `x` \\ \n second line; exit 7 '";
        Map<String, String> env = new java.util.HashMap<>(SessionFixture.ENV);
        env.put("ODD", odd);
        List<Path> procsFiles = ((AbstractSession) s).cgroup.map(Cgroup::procsFiles).orElse(List.of());
        for (int i = 0; i < 4; i++) {
            SessionFixture.Result r = SessionFixture.collect(s.start(new ExecRequest("odd", List.of("/bin/sh", "-c",
                    "printf '%s|%s|\\n' \"$1\" \"$ODD\"; cat /proc/self/cgroup", "sh", odd), s.paths().taskRoot(),
                    env)));
            assertThat(r.exit()).isEqualTo(new ProcessExit.Exited(0));
            assertThat(r.stdout()).startsWith(odd + "|" + odd + "|\n");
            // one line per hierarchy the session's cgroup has a directory in (v1: four, v2: one)
            String own = "/" + (procsFiles.isEmpty() ? "" : procsFiles.getFirst().getParent().getFileName());
            assertThat(r.stdout().lines().filter(l -> !procsFiles.isEmpty() && l.endsWith(own)))
                    .hasSize(procsFiles.size());
        }
        SessionFixture.Result exact = SessionFixture.collect(s.start(new ExecRequest("env", List.of("/usr/bin/env"),
                s.paths().taskRoot(), Map.of("PATH", "/usr/bin:/bin", "ONE", "1"))));
        assertThat(exact.stdout().lines().filter(l -> !l.startsWith("TMPDIR="))).containsExactlyInAnyOrder(
                "PATH=/usr/bin:/bin", "ONE=1");
    }

    /**
     * Nothing of Lamina's start chain leaks into a process: SIGINT and SIGQUIT are not ignored (a background shell
     * would ignore them), no signal is blocked, no descriptor beyond the standard three is open. Signals 32 and 33,
     * glibc's own, may be ignored by whatever started the JVM; an exec keeps that and so does Lamina. (The signals are
     * read from a child of the shell: the shell itself blocks every signal for a moment each time it forks.)
     */
    @Test
    void processesStartWithDefaultSignalsAndOnlyTheStandardDescriptors() throws Exception {
        SandboxSession s = open();
        SessionFixture.Result r = run(s, "grep -E '^Sig(Ign|Blk):' /proc/self/status; ls /proc/$$/fd");
        assertThat(r.exit()).isEqualTo(new ProcessExit.Exited(0));
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("SigBlk:\t0000000000000000");
        long ignored = Long.parseUnsignedLong(lines.get(1).substring("SigIgn:\t".length()), 16);
        assertThat(ignored & ~0x180000000L).as(lines.get(1)).isZero();
        assertThat(lines.subList(2, 5)).containsExactly("0", "1", "2");
    }

    @Test
    void standardInputIsEmpty() throws Exception {
        SandboxSession s = open();
        // with a pipe nobody writes to, cat would wait for ever
        SessionFixture.Result r = run(s, "cat; echo \"read $(wc -c < /dev/stdin) bytes\"");
        assertThat(r.exit()).isEqualTo(new ProcessExit.Exited(0));
        assertThat(r.stdout().lines()).containsExactly("read 0 bytes");
    }

    @Test
    void workingDirectoryAndTaskRootAreThePathsOfTheSession() throws Exception {
        SandboxSession s = open();
        SessionFixture.Result r = run(s, "pwd; cat hello; cat " + s.paths().taskRoot().resolve("hello"));
        assertThat(r.stdout().lines()).containsExactly(s.paths().taskRoot().toString(), "from-task", "from-task");
        assertThat(s.toHost(s.paths().taskRoot().resolve("hello"))).contains(task.resolve("hello"));
        assertThat(s.toVisible(task.resolve("bootstrap"))).contains(s.paths().taskRoot().resolve("bootstrap"));
    }

    @Test
    void missingProgramFailsClearly() throws Exception {
        SandboxSession s = open();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.start(new ExecRequest("x",
                List.of(s.paths().taskRoot().resolve("nope").toString()), s.paths().taskRoot(), SessionFixture.ENV)))
                .hasMessageContaining("no such file");
    }

    @Test
    void signalReachesOneProcessGroupOnly() throws Exception {
        SandboxSession s = open();
        SandboxedProcess a = sh(s, "sleep 300 & echo $!; wait");
        SandboxedProcess b = sh(s, "exec sleep 300");
        String childSeenInside = new java.io.BufferedReader(new java.io.InputStreamReader(a.stdout())).readLine();
        assertThat(childSeenInside).isNotBlank();
        List<ProcessHandle> aTree = ProcessHandle.of(a.pid()).orElseThrow().descendants().toList();
        assertThat(aTree).isNotEmpty();
        a.signal(Signal.KILL);
        assertThat(a.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(9));
        await().atMost(Duration.ofSeconds(10)).until(() -> aTree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(b.isAlive()).isTrue();
        b.kill();
        assertThat(b.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(9));
    }

    @Test
    void tmpIsSharedWithinASessionAndPrivateToIt() throws Exception {
        SandboxSession a = open();
        SandboxSession b = open();
        String tmpA = a.paths().tmp().toString();
        assertThat(run(a, "echo shared > " + tmpA + "/f").exit()).isEqualTo(new ProcessExit.Exited(0));
        assertThat(run(a, "cat " + tmpA + "/f").stdout()).isEqualTo("shared\n");
        assertThat(run(b, "cat " + b.paths().tmp() + "/f").exit()).isNotEqualTo(new ProcessExit.Exited(0));
    }

    @Test
    void freezeStopsProgressAndThawResumesIt() throws Exception {
        SandboxSession s = open();
        Path counterInside = s.paths().tmp().resolve("c");
        SandboxedProcess p = sh(s, "i=0; while :; do i=$((i+1)); echo $i > " + counterInside + ".n; mv "
                + counterInside + ".n " + counterInside + "; done");
        Path counter = s.toHost(counterInside).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(counter) > 5);
        s.freeze();
        // The SIGSTOP fallback counts a process caught inside a system call (D state) as stopped: that call (a
        // rename) still completes, so the counter may move once more. Take the frozen value once it has settled.
        long[] last = {count(counter)};
        await().pollDelay(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(3))
                .until(() -> {
                    long now = count(counter);
                    boolean settled = now == last[0];
                    last[0] = now;
                    return settled;
                });
        long frozenAt = last[0];
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> count(counter) == frozenAt);
        assertThat(p.isAlive()).isTrue();
        s.thaw();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(counter) > frozenAt + 5);
        p.kill();
        assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(9));
    }

    static long count(Path counter) {
        try {
            return Long.parseLong(Files.readString(counter).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void killAllKeepsTheSessionAndItsTmp() throws Exception {
        SandboxSession s = open();
        run(s, "echo kept > " + s.paths().tmp() + "/k");
        SandboxedProcess p = sh(s, "sleep 300 & exec sleep 300");
        s.killAll();
        assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(9));
        assertThat(run(s, "cat " + s.paths().tmp() + "/k").stdout()).isEqualTo("kept\n");
    }

    @Test
    void closeKillsEverythingAndRemovesTheCgroupAndTmp() throws Exception {
        SandboxSession s = open();
        SandboxedProcess p = sh(s, "sleep 300 & sleep 300 & exec sleep 300");
        List<ProcessHandle> tree = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(p.pid()).orElseThrow().children().count() == 2);
        tree.add(ProcessHandle.of(p.pid()).orElseThrow());
        ProcessHandle.of(p.pid()).orElseThrow().children().forEach(tree::add);
        AbstractSession session = (AbstractSession) s;
        List<Path> cgroupDirs = session.cgroup.map(c -> c.procsFiles().stream().map(Path::getParent).toList())
                .orElse(List.of());
        assertThat(cgroupDirs.isEmpty()).isEqualTo(!withCgroup());
        cgroupDirs.forEach(d -> assertThat(d).isDirectory());
        s.close();
        // the session's own children are gone; orphans are reaped by init shortly after their SIGKILL
        await().atMost(Duration.ofSeconds(5)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(p.exit()).isCompletedWithValue(new ProcessExit.Signaled(9));
        cgroupDirs.forEach(d -> assertThat(d).doesNotExist());
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void tenSessionsAtOnceEachWithItsOwnFixedTmpFile() throws Exception {
        List<CompletableFuture<SandboxSession>> opening = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            opening.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return open();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        List<SandboxSession> sessions = new ArrayList<>();
        for (var f : opening) {
            sessions.add(f.get(30, TimeUnit.SECONDS));
        }
        List<SandboxedProcess> writers = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            SandboxSession s = sessions.get(i);
            writers.add(sh(s, "echo " + i + " > " + jniPath(s) + "; test \"$(cat " + jniPath(s) + ")\" = " + i));
        }
        for (SandboxedProcess w : writers) {
            assertThat(w.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Exited(0));
        }
        for (int i = 0; i < sessions.size(); i++) {
            assertThat(run(sessions.get(i), "cat " + jniPath(sessions.get(i))).stdout().trim()).isEqualTo("" + i);
        }
    }

    /** The JRIC's fixed native-library path, in the session's /tmp. */
    static Path jniPath(SandboxSession s) {
        return s.paths().tmp().resolve(".libaws-lambda-jni.so");
    }

    @Test
    void processAllocatingPastTheLimitIsReportedOomKilled() throws Exception {
        assumeThat(withCgroup()).as("needs a memory cgroup").isTrue();
        SandboxSession s = open(spec().memoryMb(96).build());
        SessionFixture.Result r = SessionFixture.collect(s.start(new ExecRequest("py",
                List.of("/usr/bin/python3", "-c", "b = b'x' * (300 << 20); print('survived')"), s.paths().taskRoot(),
                SessionFixture.ENV)));
        assertThat(r.exit()).isEqualTo(new ProcessExit.OomKilled());
        assertThat(r.stdout()).doesNotContain("survived");
        assertThat(run(s, "exit 0").exit()).as("the session survives").isEqualTo(new ProcessExit.Exited(0));
    }

    @Test
    void peakMemoryMatchesWhatAProcessTouches() throws Exception {
        assumeThat(withCgroup()).as("needs a memory cgroup").isTrue();
        long baseline = peakOf("b = b'x' * (1 << 20)");
        long allocated = peakOf("b = b'x' * (101 << 20)");
        assertThat((double) (allocated - baseline)).isCloseTo(100 << 20, org.assertj.core.data.Percentage.withPercentage(10));
    }

    private long peakOf(String python) throws Exception {
        SandboxSession s = open(spec().memoryMb(512).build());
        assertThat(SessionFixture.collect(s.start(new ExecRequest("py", List.of("/usr/bin/python3", "-c", python),
                s.paths().taskRoot(), SessionFixture.ENV))).exit()).isEqualTo(new ProcessExit.Exited(0));
        return s.memoryPeakBytes().orElseThrow();
    }
}
