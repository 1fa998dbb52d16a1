package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes session cgroups a Lamina process left behind when it died without closing its sessions (a crash, a
 * SIGKILL): their processes died with it (bubblewrap's {@code --die-with-parent}), but the empty directories stay
 * under the shared {@code lamina} parent until someone removes them.
 *
 * <p>A session cgroup is named {@code <owner pid>-<session id>}: one whose owner is no longer running is stale. Its
 * processes normally died with the owner, except those of an environment that was frozen (idle) at the time: a frozen
 * task keeps its pending SIGKILL until thawed. So a stale cgroup is thawed (v1 {@code freezer.state}, v2
 * {@code cgroup.freeze}), what is left in it is killed, and it is removed once empty (waiting up to
 * {@link #KILL_WAIT}). A name without an owner (written before owners were recorded) is removed only when empty and
 * older than {@link #UNOWNED_MIN_AGE}. Cgroups of live Lamina processes are never touched. Best effort: a failure is
 * logged and the sweep goes on.
 */
final class StaleCgroups {
    static final Duration UNOWNED_MIN_AGE = Duration.ofMinutes(10);
    static final Duration KILL_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(StaleCgroups.class);
    private static final Pattern OWNED = Pattern.compile("(\\d+)-.+");

    private StaleCgroups() {}

    /** The cgroup directory name for session {@code id} of this process. */
    static String name(String id) {
        return ProcessHandle.current().pid() + "-" + id;
    }

    /**
     * Removes the stale session cgroups under each {@code parents} directory (a hierarchy's {@code lamina} dir).
     *
     * @param alive whether a pid is a running process
     * @return the directories removed
     */
    static List<Path> sweep(Collection<Path> parents, LongPredicate alive, Instant now) {
        List<Path> stale = new ArrayList<>();
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> children = Files.list(parent)) {
                children.filter(Files::isDirectory).filter(dir -> stale(dir, alive, now)).forEach(stale::add);
            } catch (IOException e) {
                LOG.debug("cannot list {}: {}", parent, SandboxException.errno(e));
            }
        }
        Set<Long> left = new HashSet<>();
        for (Path dir : stale) {
            thaw(dir);
            left.addAll(CgroupFiles.pids(dir));
        }
        left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        List<Path> removed = new ArrayList<>();
        for (Path dir : stale) {
            try {
                CgroupFiles.rmdir(dir, left.isEmpty() ? Duration.ZERO : KILL_WAIT);
                removed.add(dir);
            } catch (SandboxException e) {
                LOG.debug("cannot remove stale cgroup {}: {}", dir, e.getMessage());
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} session cgroup(s) left by Lamina processes that are gone ({} process(es) killed)",
                    removed.size(), left.size());
        }
        return removed;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean stale(Path dir, LongPredicate alive, Instant now) {
        if (!Files.exists(dir.resolve("cgroup.procs"))) {
            return false;
        }
        Matcher owned = OWNED.matcher(dir.getFileName().toString());
        if (owned.matches()) {
            return !alive.test(Long.parseLong(owned.group(1)));
        }
        try {
            return CgroupFiles.pids(dir).isEmpty()
                    && Files.getLastModifiedTime(dir).toInstant().isBefore(now.minus(UNOWNED_MIN_AGE));
        } catch (IOException e) {
            return false;
        }
    }

    /** Thaws a frozen cgroup so the kills pending in its tasks are delivered. */
    private static void thaw(Path dir) {
        try {
            if (Files.exists(dir.resolve("freezer.state"))) {
                CgroupFiles.write(dir, "freezer.state", "THAWED");
            } else if (Files.exists(dir.resolve("cgroup.freeze"))) {
                CgroupFiles.write(dir, "cgroup.freeze", "0");
            }
        } catch (SandboxException e) {
            LOG.debug("cannot thaw {}: {}", dir, e.getMessage());
        }
    }
}
