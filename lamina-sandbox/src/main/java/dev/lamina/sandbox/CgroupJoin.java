package dev.lamina.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

    private static final String PARKED = "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit "
            + JOIN_FAILED + "; shift; n=$((n - 1)); done; . /dev/stdin";

    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private CgroupJoin() {}

    /**
     * A shell that joins the cgroups, then runs what it reads on its stdin: started ahead of its command and handed
     * {@link #script} later, so the join is paid before the process is needed (on cgroup v1 a migration waits for an
     * RCU grace period, 15–30 ms on a loaded machine; a fork inside the cgroup would not, but the JVM is outside).
     * Without a script (stdin closed at once) it exits 0.
     */
    static List<String> parked(List<Path> procsFiles) {
        List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", PARKED, "lamina-cgroup-join",
                Integer.toString(procsFiles.size())));
        procsFiles.forEach(p -> out.add(p.toString()));
        return out;
    }

    /**
     * What a {@link #parked} shell (started with an empty environment) runs: exec {@code command} with exactly
     * {@code env} and stdin from {@code /dev/null}. Every word is single-quoted, so any character (newlines too)
     * passes unchanged. Variables are exported by the shell itself (it has none of its own but {@code PWD}, unset
     * first), which saves an exec; a name the shell cannot export (not {@code [A-Za-z_][A-Za-z0-9_]*}) makes it go
     * through {@code env -i} instead.
     */
    static String script(List<String> command, Map<String, String> env) {
        StringBuilder s = new StringBuilder();
        if (env.keySet().stream().allMatch(k -> SHELL_NAME.matcher(k).matches())) {
            s.append("unset PWD;");
            if (!env.isEmpty()) {
                s.append(" export");
                env.forEach((k, v) -> s.append(' ').append(quote(k + "=" + v)));
                s.append(';');
            }
            s.append(" exec");
        } else {
            s.append("exec /usr/bin/env -i --");
            env.forEach((k, v) -> s.append(' ').append(quote(k + "=" + v)));
        }
        command.forEach(w -> s.append(' ').append(quote(w)));
        return s.append(" </dev/null\n").toString();
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

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
