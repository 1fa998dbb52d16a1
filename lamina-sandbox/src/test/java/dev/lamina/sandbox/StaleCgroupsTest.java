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
import java.util.concurrent.TimeUnit;
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
    void removesCgroupsOfGoneOwnersOnlyKillingWhatIsLeftFrozenInThem() throws Exception {
        Cgroups cgroups = Cgroups.detect();
        Path deadOwners = cgroupDir(cgroups, DEAD + "-" + AbstractSession.newId());
        Path liveOwner = cgroupDir(cgroups, ProcessHandle.current().pid() + "-" + AbstractSession.newId());
        Path liveOwnerBusy = cgroupDir(cgroups, ProcessHandle.current().pid() + "-" + AbstractSession.newId());
        Process liveSleep = sleepIn(liveOwnerBusy);
        Path deadOwnersFrozen = frozenCgroupOrPlain(cgroups, DEAD + "-" + AbstractSession.newId());
        Process frozenSleep = sleepIn(deadOwnersFrozen);
        freeze(deadOwnersFrozen);
        Path unownedNew = cgroupDir(cgroups, AbstractSession.newId());

        List<Path> removed = StaleCgroups.sweep(List.of(deadOwners.getParent(), deadOwnersFrozen.getParent()),
                pid -> pid != DEAD && StaleCgroups.alive(pid), Instant.now());

        assertThat(removed).contains(deadOwners, deadOwnersFrozen).doesNotContain(liveOwner, liveOwnerBusy,
                unownedNew);
        assertThat(deadOwners).doesNotExist();
        assertThat(deadOwnersFrozen).doesNotExist();
        assertThat(frozenSleep.waitFor(5, TimeUnit.SECONDS)).as("the frozen process was thawed and killed").isTrue();
        assertThat(liveSleep.isAlive()).as("a live owner's process is left alone").isTrue();
        assertThat(liveOwner).isDirectory();
        assertThat(unownedNew).as("unowned and young").isDirectory();

        List<Path> later = StaleCgroups.sweep(List.of(unownedNew.getParent()), StaleCgroups::alive,
                Instant.now().plus(StaleCgroups.UNOWNED_MIN_AGE).plusSeconds(1));
        assertThat(later).contains(unownedNew).doesNotContain(liveOwner, liveOwnerBusy);
    }

    private Process sleepIn(Path cgroup) throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        started.add(sleep);
        Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(sleep.pid()));
        return sleep;
    }

    /** A cgroup in the freezer hierarchy where there is one (v1), else in the first. */
    private Path frozenCgroupOrPlain(Cgroups cgroups, String name) throws Exception {
        Path parent = cgroups.parents().stream().filter(p -> p.toString().contains("/freezer/")).findFirst()
                .orElse(cgroups.parents().getFirst());
        Path dir = parent.resolve(name);
        Files.createDirectories(dir);
        dirs.add(dir);
        return dir;
    }

    private static void freeze(Path dir) throws Exception {
        if (Files.exists(dir.resolve("freezer.state"))) {
            Files.writeString(dir.resolve("freezer.state"), "FROZEN");
        } else if (Files.exists(dir.resolve("cgroup.freeze"))) {
            Files.writeString(dir.resolve("cgroup.freeze"), "1");
        }
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
