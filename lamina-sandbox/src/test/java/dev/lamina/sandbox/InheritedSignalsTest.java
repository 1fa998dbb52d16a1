package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the JVM's ignored signals; the contract test checks what a process gets (run it under nohup to see). */
class InheritedSignalsTest {
    @TempDir
    Path dir;

    private boolean ignored(String sigIgn) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nSigBlk:\t0000000000000000\nSigIgn:\t" + sigIgn + "\nSigCgt:\t0\n");
        return InheritedSignals.ignoredAtStart(status);
    }

    @Test
    void glibcsOwnSignalsAloneNeedNoReset() throws Exception {
        assertThat(ignored("0000000000000000")).isFalse();
        assertThat(ignored("0000000180000000")).isFalse();
    }

    @Test
    void nohupOrABackgroundShellNeedsAReset() throws Exception {
        assertThat(ignored("0000000000000001")).isTrue(); // SIGHUP
        assertThat(ignored("0000000180000006")).isTrue(); // SIGINT, SIGQUIT
    }

    @Test
    void noProcfsMeansNothingToReset() {
        assertThat(InheritedSignals.ignoredAtStart(dir.resolve("missing"))).isFalse();
    }

    @Test
    void thePrefixMatchesThisJvm() {
        boolean expected = InheritedSignals.ignoredAtStart(Path.of("/proc/self/status"));
        assertThat(InheritedSignals.resetPrefix()).isEqualTo(expected
                ? java.util.List.of("/usr/bin/env", "--default-signal") : java.util.List.of());
    }
}
