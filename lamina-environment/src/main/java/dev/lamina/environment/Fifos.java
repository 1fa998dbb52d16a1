package dev.lamina.environment;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Creates named pipes: libc's {@code mkfifo(3)} through the foreign-function API (no process), else the
 * {@code mkfifo} command when native access is denied.
 */
final class Fifos {
    private static final Optional<MethodHandle> MKFIFO = lookup();

    private Fifos() {}

    private static Optional<MethodHandle> lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("mkfifo").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)));
        } catch (Throwable e) { // IllegalCallerException when native access is denied
            return Optional.empty();
        }
    }

    /** Creates a FIFO at {@code path}, readable and writable by its owner only. */
    static void create(Path path) throws IOException {
        if (MKFIFO.isPresent()) {
            int rc;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment name = arena.allocateFrom(path.toString());
                rc = (int) MKFIFO.get().invokeExact(name, 0600);
            } catch (Throwable e) {
                throw new IOException("mkfifo " + path + ": " + e, e);
            }
            if (rc != 0) {
                throw new IOException("mkfifo " + path + " failed");
            }
            return;
        }
        Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("mkfifo " + path + " failed: "
                        + new String(p.getInputStream().readNBytes(500), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted creating " + path, e);
        }
    }
}
