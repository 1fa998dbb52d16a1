package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Session cgroups left by a Lamina process that is gone are removed; those of a live owner, or with a process in
 * them, stay. Real cgroups (skipped where none can be created).
 */
class StaleCgroupsTest {
    private static final long DEAD = 4_000_000_000L; // above any pid_max
    private final List<Cgroup> created = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
        for (Cgroup c : created) {
            try {
                c.remove(Duration.ofSeconds(2));
            } catch (SandboxException gone) {
                // removed by the sweep
            }
        }
        for (Path dir : dirs) {
            if (Files.exists(dir)) {
                CgroupFiles.rmdir(dir, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void removesEmptyCgroupsOfGoneOwnersOnly() throws Exception {
        Cgroups cgroups = Cgroups.detect();
        Path deadOwners = cgroupDir(cgroups, DEAD + "-" + AbstractSession.newId());
        Path liveOwner = cgroupDir(cgroups, ProcessHandle.current().pid() + "-" + AbstractSession.newId());
        Path busy = cgroupDir(cgroups, DEAD + "-" + AbstractSession.newId());
        Process sleep = new ProcessBuilder("sleep", "60").start();
        started.add(sleep);
        Files.writeString(busy.resolve("cgroup.procs"), Long.toString(sleep.pid()));
        Path unownedNew = cgroupDir(cgroups, AbstractSession.newId());

        List<Path> removed = StaleCgroups.sweep(List.of(deadOwners.getParent()), pid -> pid != DEAD
                && StaleCgroups.alive(pid), Instant.now());

        assertThat(removed).contains(deadOwners).doesNotContain(liveOwner, busy, unownedNew);
        assertThat(deadOwners).doesNotExist();
        assertThat(liveOwner).isDirectory();
        assertThat(busy).isDirectory();
        assertThat(unownedNew).as("unowned and young").isDirectory();

        List<Path> later = StaleCgroups.sweep(List.of(unownedNew.getParent()), StaleCgroups::alive,
                Instant.now().plus(StaleCgroups.UNOWNED_MIN_AGE).plusSeconds(1));
        assertThat(later).contains(unownedNew).doesNotContain(liveOwner, busy);
    }

    @Test
    void sessionCgroupsAreNamedByTheirOwner() throws Exception {
        Optional<Cgroup> c = Cgroups.detect().create("abc123", CgroupLimits.of(
                SessionSpec.builder("n", Path.of("/var/empty"), Path.of("/var/empty")).build()));
        assumeThat(c).as("a cgroup can be created here").isPresent();
        created.add(c.get());
        assertThat(c.get().procsFiles().getFirst().getParent().getFileName().toString())
                .isEqualTo(ProcessHandle.current().pid() + "-abc123");
    }

    /** A real cgroup directory named {@code name} in the first hierarchy (memory for v1). */
    private Path cgroupDir(Cgroups cgroups, String name) throws Exception {
        assumeThat(cgroups.parents()).as("cgroups are available").isNotEmpty();
        Path dir = cgroups.parents().getFirst().resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            assumeThat(false).as("a cgroup can be created here: " + e).isTrue();
        }
        assumeThat(Files.exists(dir.resolve("cgroup.procs"))).as("a cgroup file system").isTrue();
        dirs.add(dir);
        return dir;
    }
}
