package dev.lamina.environment;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Reads one output stream of a process on its own thread and hands what it decodes on: lines of stdout/stderr
 * ({@link LineDecoder}), or the runtime's log frames on {@code _LAMBDA_TELEMETRY_LOG_FD} ({@link LogFrameDecoder}).
 *
 * <p>{@link #drained()} tells whether everything this pump has taken from the stream has been handed on, i.e. the
 * reader is blocked waiting for more (or for its stream to open). It cannot look into the pipe itself:
 * {@code available()} on a process stream takes the same lock as the blocked {@code read()} and would block the
 * caller. So a line the runtime wrote a few microseconds before the check may still be in the kernel; causality
 * covers the case that matters: output printed before the runtime posted its response (a separate curl process, an
 * HTTP round trip, then {@code next}) was read long before, since a blocked reader wakes as soon as bytes arrive.
 */
final class OutputPump {
    static final int MAX_LINE = 256 * 1024;
    /** The read buffer while output is sparse: held for the process's life, and most environments sit idle. */
    static final int SMALL_BUFFER = 1024;
    /** The read buffer while a read fills the small one: a flood costs one hand-over per 8 KiB, not per 1 KiB. */
    static final int LARGE_BUFFER = 8192;

    /** Where the bytes come from: a process pipe, or a FIFO opened (blocking) on the pump's own thread. */
    interface Source {
        InputStream open() throws IOException;

        /** The stream is no longer wanted: unblock an {@link #open()} still waiting for a writer, remove files. */
        default void abandon() {}
    }

    /** Turns the bytes of one stream into records; called on the pump's thread only. */
    interface Decoder {
        void accept(byte[] buf, int n);

        /** End of stream: hand on whatever is pending. */
        void end();
    }

    private final Source source;
    private final Decoder decoder;
    private final CompletableFuture<Void> eof = new CompletableFuture<>();
    private volatile boolean waiting;

    /** Lines of a pipe, handed on a read's worth at a time. */
    OutputPump(InputStream in, Consumer<List<String>> lines) {
        this(() -> in, new LineDecoder(lines));
    }

    OutputPump(Source source, Decoder decoder) {
        this.source = source;
        this.decoder = decoder;
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
        byte[] buf = new byte[SMALL_BUFFER];
        try {
            waiting = true; // nothing read yet: an open that waits for its writer is drained too
            try (InputStream in = source.open()) {
                while (true) {
                    waiting = true;
                    int n = in.read(buf);
                    waiting = false;
                    if (n < 0) {
                        break;
                    }
                    decoder.accept(buf, n);
                    if (n == buf.length && buf.length < LARGE_BUFFER) {
                        buf = new byte[LARGE_BUFFER];
                    } else if (n < SMALL_BUFFER && buf.length > SMALL_BUFFER) {
                        buf = new byte[SMALL_BUFFER];
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed under us, or could not be opened: treat as end of output
        } finally {
            waiting = false;
            decoder.end();
            eof.complete(null);
        }
    }

    /** See {@link Source#abandon()}; safe to call at any time, any number of times. */
    void abandon() {
        source.abandon();
    }

    boolean drained() {
        return eof.isDone() || waiting;
    }

    CompletableFuture<Void> eof() {
        return eof;
    }
}
