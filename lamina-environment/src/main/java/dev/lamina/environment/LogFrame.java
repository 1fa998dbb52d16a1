package dev.lamina.environment;

import dev.lamina.environment.telemetry.LogLevel;
import java.time.Instant;

/**
 * One record the Java runtime wrote on {@code _LAMBDA_TELEMETRY_LOG_FD} (contract §1.5).
 *
 * @param time    the frame's timestamp (when the runtime logged it), or when Lamina read it if the frame had none
 * @param level   the frame's level
 * @param json    whether the runtime formatted it as JSON ({@code AWS_LAMBDA_LOG_FORMAT=JSON})
 * @param message the payload, UTF-8, without a trailing newline; may span several lines
 */
record LogFrame(Instant time, LogLevel level, boolean json, String message) {}
