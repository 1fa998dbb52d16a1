package dev.lamina.sandbox;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A process started in a {@link SandboxSession}. The JVM's child ({@code wrapper}) may differ from the target:
 * in a bubblewrap session it is {@code nsenter}, which forks the target into the session's pid namespace and
 * reports its exit status as its own. {@link #pid()} is the target's host pid, leader of its own process group.
 *
 * <p>One supervising virtual thread waits for the wrapper, polling once a second so the session can repair a
 * wrapper left stopped by the SIGSTOP freeze fallback ({@code whileRunning}), and completes {@link #exit()} with the
 * session's classification (an OOM kill instead of a plain SIGKILL).
 */
final class SessionProcess implements StartedProcess {
    private final Process wrapper;
    private final long pid;
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();

    SessionProcess(Process wrapper, long pid, String name, UnaryOperator<ProcessExit> classify,
            Consumer<SessionProcess> whileRunning) {
        this.wrapper = wrapper;
        this.pid = pid;
        Thread.ofVirtual().name("lamina-session-wait-" + name + "-" + pid).start(() -> supervise(classify,
                whileRunning));
    }

    private void supervise(UnaryOperator<ProcessExit> classify, Consumer<SessionProcess> whileRunning) {
        while (true) {
            try {
                if (wrapper.waitFor(1, TimeUnit.SECONDS)) {
                    exit.complete(classify.apply(ExitStatus.of(wrapper.exitValue())));
                    return;
                }
                whileRunning.accept(this);
            } catch (InterruptedException e) {
                // keep waiting: the exit future must complete
            } catch (RuntimeException e) {
                exit.completeExceptionally(e);
                return;
            }
        }
    }

    @Override
    public java.util.List<Long> wrapperPids() {
        return wrapper.pid() == pid ? java.util.List.of() : java.util.List.of(wrapper.pid());
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public InputStream stdout() {
        return wrapper.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return wrapper.getErrorStream();
    }

    @Override
    public CompletableFuture<ProcessExit> exit() {
        return exit;
    }

    @Override
    public void signal(Signal signal) {
        if (wrapper.isAlive()) {
            ProcessGroupSignaller.signalGroup(pid, signal.number());
        }
    }

    /** SIGKILL to the whole group, also after the leader has exited (see {@link PlainProcess#kill()}). */
    @Override
    public void kill() {
        ProcessGroupSignaller.signalGroup(pid, Signal.KILL.number());
    }

    @Override
    public boolean isAlive() {
        return wrapper.isAlive();
    }

    @Override
    public String toString() {
        return "SessionProcess[pid=" + pid + ", wrapper=" + wrapper.pid() + "]";
    }
}
