package dev.lamina.service.logs;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored log line.
 *
 * @param timestamp when the environment produced the line
 * @param logStream the environment's log stream, e.g. {@code 2026/11/27/[$LATEST]0123...}
 * @param message   the line, without its terminator
 */
public record LogRecord(Instant timestamp, String logStream, String message) {
    public LogRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(logStream, "logStream");
        Objects.requireNonNull(message, "message");
    }
}
