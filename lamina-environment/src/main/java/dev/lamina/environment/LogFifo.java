package dev.lamina.environment;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The managed runtime's {@code _LAMBDA_TELEMETRY_LOG_FD} (contract §1.5). A JVM cannot hand a child an extra file
 * descriptor, so Lamina creates a named pipe in the session's private {@code /tmp} (reachable from the host for
 * bubblewrap and plain sessions alike), and the runtime's command is wrapped in {@code sh -c 'exec 3>FIFO && exec
 * "$@"'}: fd {@value #FD} is the pipe's write end before the bootstrap (or {@code AWS_LAMBDA_EXEC_WRAPPER}) runs.
 *
 * <p>The reading end is opened by the {@link OutputPump}'s own thread ({@link #open()} blocks until the runtime
 * opens its end); the name is removed as soon as both ends are open, so the function never sees it in {@code /tmp}.
 * The pump reads until every process holding fd {@value #FD} has exited. If the runtime never opens its end (it
 * failed to start), {@link #abandon()} satisfies the waiting open with a read-write open of its own, which ends the
 * stream at once.
 */
final class LogFifo implements OutputPump.Source {
    static final int FD = 3;
    static final String VARIABLE = "_LAMBDA_TELEMETRY_LOG_FD";

    private final Path host;
    private final Path visible;
    private final AtomicBoolean abandoned = new AtomicBoolean();

    private LogFifo(Path host, Path visible) {
        this.host = host;
        this.visible = visible;
    }

    /**
     * @param visibleTmp the session's {@code /tmp} as its processes see it
     * @param hostTmp    the same directory as Lamina reaches it
     */
    static LogFifo create(Path visibleTmp, Path hostTmp) throws IOException {
        String name = ".lamina-log-" + UUID.randomUUID();
        LogFifo fifo = new LogFifo(hostTmp.resolve(name), visibleTmp.resolve(name));
        Fifos.create(fifo.host);
        return fifo;
    }

    /** The runtime's command with fd {@value #FD} opened on the pipe first. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "exec " + FD + ">\"$0\" && exec \"$@\"",
                visible.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public InputStream open() throws IOException {
        if (abandoned.get()) {
            throw new IOException("abandoned");
        }
        InputStream in = new FileInputStream(host.toFile()); // blocks until a writer opens the pipe
        Files.deleteIfExists(host);
        return in;
    }

    @Override
    public void abandon() {
        if (!abandoned.compareAndSet(false, true)) {
            return;
        }
        // a read-write open of a FIFO never blocks and satisfies a reader blocked in open(); the name is removed while
        // it is held, so a reader arriving later fails to open instead of waiting for a writer that never comes
        try (FileChannel unblock = FileChannel.open(host, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Files.deleteIfExists(host);
        } catch (IOException gone) {
            // both sides opened it already, and it was removed then
        }
    }
}
