package dev.lamina.environment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Reads one output pipe of the runtime line by line on a virtual thread and hands each line on. A line longer
 * than {@link #MAX_LINE} bytes is split (Lambda splits at 256 KB).
 *
 * <p>{@link #drained()} tells whether everything this pump has taken from the pipe has been handed on, i.e. the
 * reader is blocked waiting for more. It cannot look into the pipe itself: {@code available()} on a process
 * stream takes the same lock as the blocked {@code read()} and would block the caller. So a line the runtime wrote
 * a few microseconds before the check may still be in the kernel; causality covers the case that matters: output
 * printed before the runtime posted its response (a separate curl process, an HTTP round trip, then {@code next})
 * was read long before, since a blocked reader wakes as soon as bytes arrive.
 */
final class OutputPump {
    static final int MAX_LINE = 256 * 1024;

    private final InputStream in;
    private final Consumer<String> lines;
    private final CompletableFuture<Void> eof = new CompletableFuture<>();
    private volatile boolean waiting;

    OutputPump(InputStream in, Consumer<String> lines) {
        this.in = in;
        this.lines = lines;
    }

    /**
     * Starts the reader on a small platform thread. Not a virtual thread: a blocking pipe read pins its carrier, and
     * the JVM has at most 256 carriers, so two pumps per environment froze every virtual thread in Lamina at about
     * 127 environments (found by the bench's {@code idle} scenario; see docs/benchmarks.md).
     */
    OutputPump start(String name) {
        Thread.ofPlatform().daemon().stackSize(256 * 1024).name(name).start(this::pump);
        return this;
    }

    private void pump() {
        byte[] buf = new byte[1024]; // held for the process's life: small, as most environments sit idle
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (in) {
            while (true) {
                waiting = true;
                int n = in.read(buf);
                waiting = false;
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        emit(line);
                    } else {
                        line.write(buf[i]);
                        if (line.size() >= MAX_LINE) {
                            emit(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the pipe was closed under us: treat as end of output
        } finally {
            waiting = false;
            if (line.size() > 0) {
                emit(line);
            }
            eof.complete(null);
        }
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    boolean drained() {
        return eof.isDone() || waiting;
    }

    CompletableFuture<Void> eof() {
        return eof;
    }
}
