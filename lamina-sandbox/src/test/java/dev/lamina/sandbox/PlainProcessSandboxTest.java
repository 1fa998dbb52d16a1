package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainProcessSandboxTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "ONLY_THIS", "yes");

    @TempDir
    Path dir;

    private final Sandbox sandbox = new PlainProcessSandbox();

    private SandboxedProcess sh(String script) throws IOException {
        return sandbox.start(new ExecRequest("test", List.of("sh", "-c", script), dir, ENV));
    }

    private static String firstLine(SandboxedProcess p) throws IOException {
        return new java.io.BufferedReader(new java.io.InputStreamReader(p.stdout(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void reportsExitCode() throws Exception {
        SandboxedProcess p = sh("exit 3");
        assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Exited(3));
        assertThat(sh("true").exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Exited(0));
    }

    @Test
    void reportsDeathBySignal() throws Exception {
        SandboxedProcess p = sh("sleep 30");
        p.signal(Signal.TERM);
        assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(15));
        assertThat(((ProcessExit.Signaled) p.exit().get()).description()).isEqualTo("terminated");
    }

    @Test
    void processLeadsItsOwnGroupWithTheSamePid() throws Exception {
        SandboxedProcess p = sh("echo $$; exec sleep 30");
        String echoed = firstLine(p);
        assertThat(Long.parseLong(echoed.trim())).isEqualTo(p.pid());
        String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(Long.parseLong(fields[2])).as("pgid").isEqualTo(p.pid());
        p.kill();
        assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Signaled(9));
    }

    @Test
    void killReachesTheWholeGroup() throws Exception {
        SandboxedProcess p = sh("sleep 300 & echo $!; wait");
        String childPid = firstLine(p);
        ProcessHandle child = ProcessHandle.of(Long.parseLong(childPid.trim())).orElseThrow();
        assertThat(child.isAlive()).isTrue();
        p.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive() && !p.isAlive());
    }

    @Test
    void killAfterLeaderExitedStillReachesLeftoverChildren() throws Exception {
        SandboxedProcess p = sh("sleep 300 >/dev/null 2>&1 & echo $!");
        String childPid = firstLine(p);
        ProcessHandle child = ProcessHandle.of(Long.parseLong(childPid.trim())).orElseThrow();
        p.exit().get(10, TimeUnit.SECONDS);
        assertThat(child.isAlive()).isTrue();
        p.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
    }

    @Test
    void environmentIsExactlyTheGivenOne() throws Exception {
        SandboxedProcess p = sandbox.start(new ExecRequest("env", List.of("/usr/bin/env"), dir, ENV));
        String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
        p.exit().get(10, TimeUnit.SECONDS);
        assertThat(out.lines().toList()).containsExactlyInAnyOrder("PATH=/usr/bin:/bin", "ONLY_THIS=yes");
    }

    @Test
    void workingDirectoryIsTheGivenOne() throws Exception {
        SandboxedProcess p = sh("pwd");
        String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(Path.of(out).toRealPath()).isEqualTo(dir.toRealPath());
    }

    @Test
    void missingOrNonExecutableProgramFailsClearly() throws Exception {
        assertThatThrownBy(() -> sandbox.start(new ExecRequest("x", List.of(dir.resolve("nope").toString()), dir, ENV)))
                .isInstanceOf(IOException.class).hasMessageContaining("no such file");
        Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");
        assertThatThrownBy(() -> sandbox.start(new ExecRequest("x", List.of(plain.toString()), dir, ENV)))
                .isInstanceOf(IOException.class).hasMessageContaining("not executable");
        assertThatThrownBy(() -> sandbox.start(new ExecRequest("x", List.of("no-such-program-xyz"), dir, ENV)))
                .isInstanceOf(IOException.class).hasMessageContaining("not found on PATH");
    }

    @Test
    void executableScriptRuns() throws Exception {
        Path script = Files.writeString(dir.resolve("run"), "#!/bin/sh\nexit 7\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        SandboxedProcess p = sandbox.start(new ExecRequest("x", List.of(script.toString()), dir, ENV));
        assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(new ProcessExit.Exited(7));
    }

    @Test
    void memoryProbeSeesAResidentSet() throws Exception {
        SandboxedProcess p = sh("exec sleep 30");
        await().atMost(Duration.ofSeconds(5)).until(() -> MemoryProbe.procfs().peakResidentBytes(p.pid()) > 0);
        p.kill();
        p.exit().get(10, TimeUnit.SECONDS);
        assertThat(MemoryProbe.procfs().peakResidentBytes(p.pid())).isZero();
    }

    @Test
    void exitValuesMapToSignalsOnlyInRange() {
        assertThat(ExitStatus.of(137)).isEqualTo(new ProcessExit.Signaled(9));
        assertThat(ExitStatus.of(128)).isEqualTo(new ProcessExit.Exited(128));
        assertThat(ExitStatus.of(193)).isEqualTo(new ProcessExit.Exited(193));
        assertThat(ExitStatus.of(1)).isEqualTo(new ProcessExit.Exited(1));
    }
}
