package dev.lamina.sandbox;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A session's first process, started ahead of demand up to the point where it needs its command (D77): the launcher's
 * reporting shell, {@code nsenter} into the session (namespaces entered, root changed, forked into the pid
 * namespace), {@code setsid} and a shell there, leader of its own process group, that waits for its script on
 * standard input. {@link #use} writes that script — change to the working directory, export exactly the variables,
 * then {@code exec <program>} with standard input from {@code /dev/null} — and closes the pipe, so a cold start pays
 * only the script and the program's own exec. The program keeps the shell's pid and group. Used once; the session starts every later process through its launcher.
 */
final class Staged {
    private final LaunchedProcess process;
    private final FileOutputStream stdin;
    private final long reporter;

    Staged(LaunchedProcess process, FileOutputStream stdin, long reporter) {
        this.process = process;
        this.stdin = stdin;
        this.reporter = reporter;
    }

    /**
     * Hands the staged shell its command; null if it is gone (the caller starts the process the usual way). Returns
     * once the program leads its own process group, or the chain has ended.
     */
    LaunchedProcess use(String name, Path workingDir, Map<String, String> environment, List<String> command)
            throws SandboxException {
        if (!process.isAlive()) {
            discard();
            return null;
        }
        String script = script(workingDir, environment, command);
        try {
            stdin.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            discard();
            return null;
        } finally {
            SessionLauncher.closeQuietly(stdin);
        }
        process.named(name);
        try {
            SessionLauncher.awaitTarget(process, reporter);
        } catch (SandboxException e) {
            process.abandon();
            throw e;
        }
        return process;
    }

    /**
     * The staged shell's script. Its environment is empty (the chain ran under {@code env -i}), so exporting the
     * variables gives exactly them once {@code cd}'s {@code PWD} and {@code OLDPWD} are unset; that saves the
     * {@code env} exec (about a millisecond here). A name the shell cannot export (not an identifier) goes through
     * {@code env -i} instead.
     */
    static String script(Path workingDir, Map<String, String> environment, List<String> command) {
        StringBuilder s = new StringBuilder(128 + 64 * environment.size());
        s.append("cd ").append(SessionLauncher.quote(workingDir.toString())).append(" || exit 1\n");
        boolean names = environment.keySet().stream().allMatch(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*"));
        if (names) {
            s.append("unset PWD OLDPWD\n");
            environment.forEach((k, v) -> s.append("export ").append(SessionLauncher.quote(k + "=" + v))
                    .append('\n'));
            s.append("exec");
        } else {
            s.append("exec /usr/bin/env -i");
            environment.forEach((k, v) -> s.append(' ').append(SessionLauncher.quote(k + "=" + v)));
        }
        command.forEach(w -> s.append(' ').append(SessionLauncher.quote(w)));
        s.append(" </dev/null\n");
        return s.toString();
    }

    /** Not wanted (or gone): ends the staged shell (end of file on its script: it exits 0). */
    void discard() {
        SessionLauncher.closeQuietly(stdin);
    }

    LaunchedProcess process() {
        return process;
    }
}
