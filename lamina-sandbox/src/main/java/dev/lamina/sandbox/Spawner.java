package dev.lamina.sandbox;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts processes that must live exactly as long as the JVM from one permanent thread. bubblewrap's
 * {@code --die-with-parent} is {@code PR_SET_PDEATHSIG}, and Linux sends that signal when the <em>thread</em> that
 * forked the process ends, not the process: a session opened from a short-lived platform thread, or from a virtual
 * thread whose carrier the scheduler later retires (idle carriers go after 30 s), would be killed with it. Forking
 * from this thread, which never ends, ties them to the JVM alone.
 */
final class Spawner {
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().stackSize(256 * 1024).name("lamina-spawn").unstarted(r));

    private Spawner() {}

    static Process start(ProcessBuilder builder) throws IOException {
        Future<Process> started = THREAD.submit(builder::start);
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("starting " + builder.command().getFirst(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + builder.command().getFirst(), e);
        }
    }
}
