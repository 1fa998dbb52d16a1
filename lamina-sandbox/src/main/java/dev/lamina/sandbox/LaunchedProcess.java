package dev.lamina.sandbox;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A process started by a {@link SessionLauncher}. Its chain, all host pids: the launcher's <em>reporting shell</em>
 * (a subshell of the launcher, which reports on the {@link LaunchChannel} and waits) → {@code nsenter} (entered
 * through {@code env}, which execs it) → the target, which {@code setsid} made leader of its own process group.
 * {@link #pid()} is the target's pid, the group signals go to. The exit status is what the reporting shell says
 * {@code nsenter} exited with (the target's status, or 128 + the signal that killed it).
 *
 * <p>Threads: {@link #reported} and {@link #exited} run on the channel's reader thread, {@link #sweep()} on its
 * sweeper; the exit future is completed on a fresh virtual thread so that no caller's continuation runs on either.
 */
final class LaunchedProcess implements StartedProcess {
    private volatile String name;
    private final InputStream stdout;
    private final InputStream stderr;
    private final UnaryOperator<ProcessExit> classify;
    private final Consumer<LaunchedProcess> whileRunning;
    private final CompletableFuture<Long> reporter = new CompletableFuture<>();
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    private LaunchChannel channel;
    private long token;
    private volatile long nsenter = -1;
    private volatile long pid = -1;
    private int reporterGoneSweeps;

    LaunchedProcess(String name, InputStream stdout, InputStream stderr, UnaryOperator<ProcessExit> classify,
            Consumer<LaunchedProcess> whileRunning) {
        this.name = name;
        this.stdout = stdout;
        this.stderr = stderr;
        this.classify = classify;
        this.whileRunning = whileRunning;
    }

    /** Names the process (a staged one gets its name when it is used). */
    void named(String name) {
        this.name = name;
    }

    /** Registers with {@code channel}; returns the token the launch script reports with. */
    long register(LaunchChannel channel) {
        this.channel = channel;
        this.token = channel.register(this);
        return token;
    }

    /** The reporting shell's pid: its output is redirected, the pipes' spare write ends may close. */
    void reported(long reporterPid) {
        reporter.complete(reporterPid);
    }

    void exited(int status) {
        Thread.ofVirtual().name("lamina-launch-exit-" + name).start(() -> complete(ExitStatus.of(status)));
    }

    private void complete(ProcessExit raw) {
        try {
            exit.complete(classify.apply(raw));
        } catch (RuntimeException e) {
            exit.completeExceptionally(e);
        }
    }

    /**
     * Once a second: the wrapper repair ({@code whileRunning}), and an exit nobody will report — the reporting shell
     * is gone (killed) for two sweeps in a row without its exit line (one sweep could race its last line).
     */
    void sweep() {
        if (exit.isDone()) {
            channel.forget(token);
            return;
        }
        whileRunning.accept(this);
        Long r = reporter.getNow(null);
        if (r == null) {
            return;
        }
        char state = Procfs.state(r);
        if (state == '?' || state == 'Z') {
            if (++reporterGoneSweeps >= 2) {
                channel.forget(token);
                complete(new ProcessExit.Signaled(Signal.KILL.number()));
            }
        } else {
            reporterGoneSweeps = 0;
        }
    }

    /** Waits for the reporting shell's pid; -1 after {@code timeoutNanos}. */
    long awaitReporter(long timeoutNanos) {
        try {
            return reporter.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return -1;
        }
    }

    /** The start failed before the target existed: no more lines are expected. */
    void abandon() {
        channel.forget(token);
        complete(new ProcessExit.Signaled(Signal.KILL.number()));
    }

    long reporterPid() {
        return reporter.getNow(-1L);
    }

    void nsenter(long nsenterPid) {
        this.nsenter = nsenterPid;
    }

    long nsenterPid() {
        return nsenter;
    }

    void target(long targetPid) {
        this.pid = targetPid;
    }

    @Override
    public List<Long> wrapperPids() {
        List<Long> pids = new ArrayList<>(2);
        long r = reporterPid();
        if (r > 0) {
            pids.add(r);
        }
        if (nsenter > 0) {
            pids.add(nsenter);
        }
        return pids;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public CompletableFuture<ProcessExit> exit() {
        return exit;
    }

    @Override
    public void signal(Signal signal) {
        if (!exit.isDone()) {
            ProcessGroupSignaller.signalGroup(pid, signal.number());
        }
    }

    /** SIGKILL to the whole group, also after the leader has exited (see {@link PlainProcess#kill()}). */
    @Override
    public void kill() {
        if (pid > 0) {
            ProcessGroupSignaller.signalGroup(pid, Signal.KILL.number());
        }
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public String toString() {
        return "LaunchedProcess[" + name + ", pid=" + pid + ", nsenter=" + nsenter + ", reporter=" + reporterPid()
                + "]";
    }
}
