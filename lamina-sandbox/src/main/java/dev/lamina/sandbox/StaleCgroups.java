package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * <p>A session cgroup is named {@code <owner pid>-<session id>}: one whose owner is no longer running and that holds
 * no process is stale. A name without an owner (written before owners were recorded) is stale when empty and older
 * than {@link #UNOWNED_MIN_AGE}. Cgroups of live Lamina processes, and any cgroup with a process in it, are never
 * touched. Best effort: a failure is logged and the sweep goes on.
 */
final class StaleCgroups {
    static final Duration UNOWNED_MIN_AGE = Duration.ofMinutes(10);
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
        List<Path> removed = new ArrayList<>();
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> children = Files.list(parent)) {
                for (Path dir : children.filter(Files::isDirectory).toList()) {
                    if (stale(dir, alive, now) && remove(dir)) {
                        removed.add(dir);
                    }
                }
            } catch (IOException e) {
                LOG.debug("cannot list {}: {}", parent, SandboxException.errno(e));
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} session cgroup(s) left by Lamina processes that are gone", removed.size());
        }
        return removed;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean stale(Path dir, LongPredicate alive, Instant now) {
        if (!CgroupFiles.pids(dir).isEmpty() || !Files.exists(dir.resolve("cgroup.procs"))) {
            return false;
        }
        Matcher owned = OWNED.matcher(dir.getFileName().toString());
        if (owned.matches()) {
            return !alive.test(Long.parseLong(owned.group(1)));
        }
        try {
            return Files.getLastModifiedTime(dir).toInstant().isBefore(now.minus(UNOWNED_MIN_AGE));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean remove(Path dir) {
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException e) {
            LOG.debug("cannot remove stale cgroup {}: {}", dir, SandboxException.errno(e));
            return false;
        }
    }
}
