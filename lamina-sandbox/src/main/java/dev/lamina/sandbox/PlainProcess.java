package dev.lamina.sandbox;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A child process started by {@link PlainProcessSandbox}, leader of its own process group (pgid = pid).
 *
 * <p>One supervising virtual thread waits for the process and completes {@link #exit()}.
 */
final class PlainProcess implements SandboxedProcess {
    private final Process process;
    private final boolean groupLeader;
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();

    PlainProcess(Process process, boolean groupLeader, String name) {
        this.process = process;
        this.groupLeader = groupLeader;
        Thread.ofVirtual().name("lamina-sandbox-wait-" + name + "-" + process.pid()).start(this::supervise);
    }

    private void supervise() {
        while (true) {
            try {
                exit.complete(ExitStatus.of(process.waitFor()));
                return;
            } catch (InterruptedException e) {
                // keep waiting: the exit future must complete
            }
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public CompletableFuture<ProcessExit> exit() {
        return exit;
    }

    @Override
    public void signal(Signal signal) {
        if (process.isAlive()) {
            send(signal);
        }
    }

    /**
     * SIGKILL to the whole group, also after the leader has exited: a leader that backgrounded children and exited
     * leaves them in its group, and they must die too. While any member lives the kernel does not reuse the pgid,
     * so the call cannot hit a stranger; when none lives it fails harmlessly with ESRCH.
     *
     * <p>If the group call fails (the child may not have reached {@code setsid} yet, just after start), the
     * process tree is signalled through {@link ProcessHandle} instead.
     */
    @Override
    public void kill() {
        send(Signal.KILL);
    }

    private void send(Signal signal) {
        if (!(groupLeader && ProcessGroupSignaller.signalGroup(process.pid(), signal.number()))) {
            ProcessGroupSignaller.signalTree(process.toHandle(), signal);
        }
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return "PlainProcess[pid=" + process.pid() + "]";
    }
}
