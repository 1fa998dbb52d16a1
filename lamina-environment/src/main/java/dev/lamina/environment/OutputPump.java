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
 * <p>{@link #drained()} tells whether everything written to the pipe so far has been handed on: the reader is
 * blocked waiting for more and the pipe holds nothing. The environment checks it before writing {@code END}, so
 * output the function printed before its response lands before {@code END}. The check has a window of a few
 * instructions (bytes taken from the pipe, flag not yet cleared), which the environment's short re-check bound
 * covers in practice; it is not an exact barrier.
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

    OutputPump start(String name) {
        Thread.ofVirtual().name(name).start(this::pump);
        return this;
    }

    private void pump() {
        byte[] buf = new byte[8192];
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
        if (eof.isDone()) {
            return true;
        }
        try {
            return waiting && in.available() == 0;
        } catch (IOException e) {
            return true;
        }
    }

    CompletableFuture<Void> eof() {
        return eof;
    }
}
