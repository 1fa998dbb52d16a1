package dev.lamina.service.invoke;

import dev.lamina.environment.ExecutionEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One environment the dispatcher created, with its private {@code /tmp} and the function revision it was made for.
 * Its lock (this object) guards {@code inUse}, {@code retired} and {@code closed}; {@link #close()} runs outside it.
 */
final class EnvironmentHandle {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentHandle.class);

    private final ExecutionEnvironment environment;
    private final Path tmpDir;
    private final String revisionId;
    private boolean inUse;
    private boolean retired;
    private boolean closed;
    /** Completes when the first {@link #close()} has finished, so every closer can wait for it. */
    private final CompletableFuture<Void> closing = new CompletableFuture<>();

    EnvironmentHandle(ExecutionEnvironment environment, Path tmpDir, String revisionId) {
        this.environment = environment;
        this.tmpDir = tmpDir;
        this.revisionId = revisionId;
    }

    ExecutionEnvironment environment() {
        return environment;
    }

    synchronized boolean usableFor(String revision) {
        return !retired && revisionId.equals(revision);
    }

    synchronized void take() {
        inUse = true;
    }

    /** The invoke using it is done; closes it in the background if it was retired meanwhile. */
    void done() {
        boolean closeNow;
        synchronized (this) {
            inUse = false;
            closeNow = retired;
        }
        if (closeNow) {
            Thread.ofVirtual().name("lamina-env-close").start(this::close);
        }
    }

    /** No new invoke will use it; it is closed now if idle, else when its invoke is done. */
    void retire() {
        boolean closeNow;
        synchronized (this) {
            retired = true;
            closeNow = !inUse;
        }
        if (closeNow) {
            Thread.ofVirtual().name("lamina-env-close").start(this::close);
        }
    }

    /** Closes the environment (once) and removes its {@code /tmp}; blocks until done. */
    void close() {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
            retired = true;
        }
        if (!first) {
            closing.join();
            return;
        }
        try {
            environment.close();
        } catch (RuntimeException e) {
            LOG.warn("closing environment {} failed", environment.id(), e);
        } finally {
            deleteRecursively(tmpDir);
            closing.complete(null);
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the environment /tmp {}", dir, e);
        }
    }
}
