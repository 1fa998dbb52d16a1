package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatusMemoryProbeTest {
    @TempDir
    Path dir;

    /** The peak of a child the process started (a grandchild of the test) is counted with its parent's. */
    @Test
    void countsDescendants() throws Exception {
        SandboxedProcess p = new PlainProcessSandbox().start(new ExecRequest("probe", List.of("sh", "-c",
                        "python3 -c 'b = bytearray(64 * 1024 * 1024); open(\"" + dir + "/ready\", \"w\").close(); "
                                + "import time; time.sleep(60)'; true"),
                dir, Map.of("PATH", System.getenv("PATH"))));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> dir.resolve("ready").toFile().exists());
            long ownOnly = ProcStatusMemoryProbe.vmHwmBytes(p.pid());
            long tree = MemoryProbe.procfs().peakResidentBytes(p.pid());

            assertThat(ownOnly).isLessThan(16L << 20);
            assertThat(tree).isGreaterThan(64L << 20);
        } finally {
            p.kill();
        }
    }
}
