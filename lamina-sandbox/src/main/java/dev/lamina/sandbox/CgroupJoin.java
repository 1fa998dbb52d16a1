package dev.lamina.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prefixes a command so that the process joins a cgroup before it execs its target: a {@code /bin/sh} writes its
 * own pid into each {@code cgroup.procs}, then execs the command in place. The target and all its children start
 * inside, with no window where they run outside. A failed write ends the process with status 125 and the shell's
 * message on stderr.
 */
final class CgroupJoin {
    static final int JOIN_FAILED = 125;
    private static final String SCRIPT = "[ \"$1\" = unset-pwd ] && unset PWD; shift; n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit "
            + JOIN_FAILED + "; shift; n=$((n - 1)); done; exec \"$@\"";

    private CgroupJoin() {}

    /**
     * @param env the environment the target must get exactly: the shell exports {@code PWD} of its own, which is
     *            unset again unless {@code env} has it
     */
    static List<String> wrap(List<Path> procsFiles, List<String> command, Map<String, String> env) {
        if (procsFiles.isEmpty()) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "lamina-cgroup-join",
                env.containsKey("PWD") ? "keep-pwd" : "unset-pwd", Integer.toString(procsFiles.size())));
        procsFiles.forEach(p -> out.add(p.toString()));
        out.addAll(command);
        return out;
    }
}
