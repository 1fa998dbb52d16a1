package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxesTest {

    @Test
    void detectPicksBubblewrapExactlyWhenATrialSandboxRuns() {
        Sandbox sandbox = Sandboxes.detect();
        assertThat(sandbox.kind()).isEqualTo(Sandboxes.bubblewrapProblem().isEmpty() ? "bubblewrap" : "plain");
    }

    @Test
    void cpuIsProportionalToMemoryWithOneCoreAt1769Mb() {
        assertThat(SessionSpec.lambdaCpuMillicores(1769)).isEqualTo(1000);
        assertThat(SessionSpec.lambdaCpuMillicores(128)).isEqualTo(72);
        SessionSpec spec = SessionSpec.builder("s", Path.of("/t"), Path.of("/s")).memoryMb(3538).build();
        assertThat(spec.cpuMillicores()).isEqualTo(2000);
        assertThat(spec.pidsLimit()).isEqualTo(1024);
        assertThat(spec.tmpMb()).isEqualTo(512);
        assertThat(CgroupLimits.of(spec).cpuQuotaUs()).isEqualTo(200_000);
    }

    @Test
    void invalidSizesAreRejected() {
        assertThatThrownBy(() -> SessionSpec.builder("s", Path.of("/t"), Path.of("/s")).tmp(0, TmpStorage.TMPFS)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tmpMb=0");
    }

    @Test
    void cgroupErrorsNameThePathTheOperationAndAHint() {
        Path missing = Path.of("/sys/fs/cgroup/no-such-hierarchy/lamina");
        assertThatThrownBy(() -> CgroupFiles.write(missing, "memory.max", "1"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("cannot write '1' to memory.max under " + missing)
                .hasMessageContaining("ENOENT")
                .hasMessageContaining("hint: ");
    }

    @Test
    void mountPlanRecreatesParentsOfMountPointsAndOmitsHiddenPaths() throws Exception {
        List<String> args = new MountPlan().mount(Path.of("/var/task"), "--ro-bind", "/x", "/var/task")
                .hide(Path.of("/usr/share")).args();
        assertThat(String.join(" ", args)).contains("--dir /var ", "--ro-bind /etc /etc", "--dir /usr ",
                "--ro-bind /usr/bin /usr/bin", "--ro-bind /x /var/task").doesNotContain("/usr/share ")
                .endsWith("--remount-ro /");
    }
}
