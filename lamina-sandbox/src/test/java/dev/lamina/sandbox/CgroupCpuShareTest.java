package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A session's relative CPU weight follows its memory as on Lambda (1,769 MB = one core's share, the default weight
 * of a cgroup), where this machine's cgroups have the cpu controller.
 */
class CgroupCpuShareTest {

    @ParameterizedTest
    @CsvSource({"1769, 1024, 100", "128, 74, 7", "3538, 2048, 200", "10240, 5928, 579"})
    void theWeightIsProportionalToMemory(int memoryMb, long shares, long weight) throws Exception {
        SessionSpec spec = SessionSpec.builder("cpu", Path.of("/var/empty"), Path.of("/var/empty"))
                .memoryMb(memoryMb).cpuMillicores(0).build();
        Optional<Cgroup> cgroup = Cgroups.detect().create("net5-cpu-" + memoryMb + "-" + AbstractSession.newId(),
                CgroupLimits.of(spec));
        assumeThat(cgroup).as("a cgroup can be created here").isPresent();
        try {
            Path dir = cgroup.get().procsFiles().stream().map(Path::getParent)
                    .filter(d -> Files.exists(d.resolve("cpu.shares")) || Files.exists(d.resolve("cpu.weight")))
                    .findFirst().orElse(null);
            assumeThat(dir).as("the cpu controller is available").isNotNull();
            if (Files.exists(dir.resolve("cpu.shares"))) {
                assertThat(Files.readString(dir.resolve("cpu.shares")).trim()).isEqualTo(Long.toString(shares));
                assertThat(Files.readString(dir.resolve("cpu.cfs_quota_us")).trim()).as("no quota (D10)")
                        .isEqualTo("-1");
            } else {
                assertThat(Files.readString(dir.resolve("cpu.weight")).trim()).isEqualTo(Long.toString(weight));
                assertThat(Files.readString(dir.resolve("cpu.max")).trim()).as("no quota (D10)").startsWith("max");
            }
        } finally {
            cgroup.get().remove(Duration.ofSeconds(2));
        }
    }
}
