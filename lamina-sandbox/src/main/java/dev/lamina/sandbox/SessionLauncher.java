package dev.lamina.sandbox;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A session's process starter: one {@code /bin/sh} per session that joined the session's cgroup when the session
 * opened, then forks every process of the session from inside it. On cgroup v1 a process's join (a write to
 * {@code cgroup.procs}) waits for an RCU grace period, 16–36 ms on a quiet machine; a fork inside the cgroup pays
 * nothing, so this moves that wait from every process start to the session's opening, which is prepared ahead of
 * demand (D60). See D75.
 *
 * <p>Protocol: the shell reads one line per process on its standard input — the path of a script the JVM wrote —
 * and sources that script in a background subshell (the <em>reporting shell</em>), which redirects its output to the
 * process's pipes (write ends the JVM holds, opened through {@code /proc/<jvm>/fd/<n>}), reports its pid on the
 * {@link LaunchChannel}, runs the {@code nsenter} chain in the foreground and reports its exit status. The shell's
 * standard input is a pipe whose only writer is this object (and the JVM): when Lamina dies or the session closes,
 * the shell reads end of file, waits for its subshells and exits. Its standard error goes to a file in the session's
 * scratch directory, read back when a start fails.
 */
final class SessionLauncher {
    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final String LOOP = "exec 3>\"$1\" || exit 125\nwhile IFS= read -r f; do . \"$f\" & done\nwait";

    private final Process shell;
    private final FileOutputStream commands;
    private final Path dir;
    private final LaunchChannel channel;

    private SessionLauncher(Process shell, FileOutputStream commands, Path dir, LaunchChannel channel) {
        this.shell = shell;
        this.commands = commands;
        this.dir = dir;
        this.channel = channel;
    }

    /** Starts the shell; it joins {@code procsFiles} first (the slow part), so call this off the start path. */
    static SessionLauncher open(List<Path> procsFiles, Path dir) throws IOException {
        LaunchChannel channel = LaunchChannel.get();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandboxException("mkdir", dir, e, "the scratch directory must be writable");
        }
        int[] fds = LinuxCalls.pipe();
        try {
            ProcessBuilder builder = new ProcessBuilder(CgroupJoin.wrap(procsFiles,
                    List.of("/bin/sh", "-c", LOOP, "lamina-launcher", channel.writePath()), Map.of()))
                    .directory(new File("/"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/proc/self/fd/" + fds[0])))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("launcher.err").toFile()));
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            FileOutputStream commands = new FileOutputStream(new File("/proc/self/fd/" + fds[1]));
            Process shell;
            try {
                shell = builder.start();
            } catch (IOException e) {
                commands.close();
                throw e;
            }
            return new SessionLauncher(shell, commands, dir, channel);
        } finally {
            LinuxCalls.close(fds[0]);
            LinuxCalls.close(fds[1]);
        }
    }

    long pid() {
        return shell.pid();
    }

    boolean isAlive() {
        return shell.isAlive();
    }

    /**
     * Starts {@code command} (host paths; normally the {@code nsenter} chain into the session) with exactly
     * {@code environment}, and returns once the target leads its own process group ({@code setsid} ran: a group
     * signal reaches it), or the chain has already exited (it could not enter; its status tells).
     */
    LaunchedProcess start(String name, List<String> command, Map<String, String> environment,
            UnaryOperator<ProcessExit> classify, Consumer<LaunchedProcess> whileRunning) throws IOException {
        Launch launch = launch(name, false, environment, command, classify, whileRunning);
        try {
            awaitTarget(launch.process(), launch.reporter());
        } catch (SandboxException e) {
            launch.process().abandon();
            throw e;
        }
        return launch.process();
    }

    /**
     * Starts {@code nsenterChain} (nsenter into the session, ending in {@code --}) with a shell that waits for its
     * script on standard input: the first process of a session, staged when the session opens (D77), so that its
     * start is only what is left once the script comes ({@link Staged#use}).
     */
    Staged stage(List<String> nsenterChain, UnaryOperator<ProcessExit> classify,
            Consumer<LaunchedProcess> whileRunning) throws IOException {
        List<String> command = new java.util.ArrayList<>(nsenterChain);
        // setsid now: the staged shell leads its own group already, and its script execs the program in place
        command.addAll(List.of("/usr/bin/setsid", "/bin/sh", "-c", ". /dev/stdin"));
        Launch launch = launch("staged", true, Map.of(), command, classify, whileRunning);
        return new Staged(launch.process(), launch.stdin(), launch.reporter());
    }

    /** A launched process: its pipes are set up and its reporting shell has reported. */
    private record Launch(LaunchedProcess process, FileOutputStream stdin, long reporter) {}

    /** Sets up the pipes (stdin too when {@code withInput}), hands the script over, waits for its report. */
    private Launch launch(String name, boolean withInput, Map<String, String> environment, List<String> command,
            UnaryOperator<ProcessExit> classify, Consumer<LaunchedProcess> whileRunning) throws IOException {
        List<int[]> pipes = new java.util.ArrayList<>(3);
        LaunchedProcess p = null;
        FileInputStream stdout = null;
        FileInputStream stderr = null;
        FileOutputStream stdin = null;
        try {
            for (int i = 0; i < (withInput ? 3 : 2); i++) {
                pipes.add(LinuxCalls.pipe());
            }
            stdout = new FileInputStream(new File("/proc/self/fd/" + pipes.get(0)[0]));
            stderr = new FileInputStream(new File("/proc/self/fd/" + pipes.get(1)[0]));
            if (withInput) {
                stdin = new FileOutputStream(new File("/proc/self/fd/" + pipes.get(2)[1]));
            }
            p = new LaunchedProcess(name, stdout, stderr, classify, whileRunning);
            long token = p.register(channel);
            String in = withInput ? jvmFd(pipes.get(2)[0]) : "/dev/null";
            launch(token, script(token, in, jvmFd(pipes.get(0)[1]), jvmFd(pipes.get(1)[1]), environment, command));
            long reporter = p.awaitReporter(STARTUP.toNanos());
            done(token);
            if (reporter < 0) {
                throw new SandboxException("start '" + name + "' through the session's launcher (pid " + pid()
                        + ") in", dir, "no report within " + STARTUP.toMillis() + " ms"
                        + (shell.isAlive() ? "" : ", the launcher exited") + errors(), null);
            }
            return new Launch(p, stdin, reporter);
        } catch (IOException | RuntimeException e) {
            if (p != null) {
                p.abandon();
            }
            closeQuietly(stdout);
            closeQuietly(stderr);
            closeQuietly(stdin);
            throw e;
        } finally {
            // the reporting shell holds its own ends now (or never will); ours would hide the end of output
            for (int[] fds : pipes) {
                LinuxCalls.close(fds[0]);
                LinuxCalls.close(fds[1]);
            }
        }
    }

    private static String jvmFd(int fd) {
        return "/proc/" + ProcessHandle.current().pid() + "/fd/" + fd;
    }

    static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to add
            }
        }
    }

    /**
     * Finds {@code nsenter} (the reporting shell's child, once {@code env} exec'd it) and the target (nsenter's
     * child, once it leads its own group). If the chain ends first (it could not enter), the wrapper's pid stands in.
     * The poll backs off from 50 µs to 0.5 ms (D62: a tight poll takes CPU from the chain it waits for).
     */
    static void awaitTarget(LaunchedProcess p, long reporter) throws SandboxException {
        long end = System.nanoTime() + STARTUP.toNanos();
        long pause = 50_000;
        while (System.nanoTime() < end) {
            List<Long> wrappers = Procfs.children(reporter);
            if (!wrappers.isEmpty()) {
                long nsenter = wrappers.getFirst();
                p.nsenter(nsenter);
                List<Long> children = Procfs.children(nsenter);
                if (!children.isEmpty()) {
                    long child = children.getFirst();
                    if (Procfs.pgid(child).orElse(-1) == child || !ProcessHandle.of(child)
                            .map(ProcessHandle::isAlive).orElse(false)) {
                        p.target(child);
                        return;
                    }
                }
            }
            if (p.exit().isDone()) {
                p.target(p.nsenterPid() > 0 ? p.nsenterPid() : reporter);
                return;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 500_000);
        }
        ProcessGroupSignaller.signalPid(reporter, Signal.KILL.number());
        if (p.nsenterPid() > 0) {
            ProcessGroupSignaller.signalPid(p.nsenterPid(), Signal.KILL.number());
        }
        throw new SandboxException("start a process in the session through", Path.of(BubblewrapSession.NSENTER),
                "no child in its own process group after " + STARTUP.toMillis() + " ms", null);
    }

    /** Writes {@code script} for token {@code token} and hands it to the shell. */
    private synchronized void launch(long token, String script) throws IOException {
        Path file = dir.resolve(token + ".sh");
        Files.writeString(file, script);
        try {
            commands.write((file + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw new SandboxException("hand a start to", Path.of("/proc", Long.toString(shell.pid())), e,
                    "the session's launcher shell is gone" + errors());
        }
    }

    /** The script of {@code token} has been read (its reporting shell has reported), or never will be. */
    private void done(long token) {
        try {
            Files.deleteIfExists(dir.resolve(token + ".sh"));
        } catch (IOException e) {
            // the scratch directory goes with the session
        }
    }

    /** What the shell wrote to its standard error, for an error message: empty, or ": " and the text. */
    private String errors() {
        try {
            String text = Files.readString(dir.resolve("launcher.err")).strip();
            return text.isEmpty() ? "" : ": " + text.substring(Math.max(0, text.length() - 500));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The script of one process: redirect to the pipes, report, run {@code command} under {@code env
     * --default-signal -i} with exactly {@code environment} (a background subshell has SIGINT and SIGQUIT ignored,
     * which would be inherited) and without the status descriptor, report its status.
     */
    static String script(long token, String stdinPath, String stdoutPath, String stderrPath,
            Map<String, String> environment, List<String> command) {
        StringBuilder s = new StringBuilder(256 + 64 * environment.size());
        s.append("exec <").append(quote(stdinPath)).append(" >").append(quote(stdoutPath)).append(" 2>").append(quote(stderrPath)).append('\n');
        s.append("read -r self rest </proc/self/stat\n");
        s.append("echo \"").append(token).append(" pid $self\" >&3\n");
        s.append("/usr/bin/env --default-signal -i");
        environment.forEach((k, v) -> s.append(' ').append(quote(k + "=" + v)));
        command.forEach(w -> s.append(' ').append(quote(w)));
        s.append(" 3>&-\n");
        s.append("echo \"").append(token).append(" exit $?\" >&3\n");
        return s.toString();
    }

    /** One shell word: single-quoted, a quote inside as {@code '\''}. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Ends the shell: end of file on its input (it waits for its subshells first), killed after {@code wait}. */
    void close(Duration wait) {
        try {
            commands.close();
        } catch (IOException e) {
            // closed already
        }
        if (!AbstractSession.awaitExit(shell, wait)) {
            shell.destroyForcibly();
            AbstractSession.awaitExit(shell, wait);
        }
    }
}
