package dev.lamina.environment;

import java.time.Instant;

/** Receives every log line an environment produces: the function's output and the platform's own lines. */
@FunctionalInterface
public interface LogSink {

    /**
     * @param functionName  the function whose environment produced the line (its log group is
     *                      {@code /aws/lambda/<functionName>})
     * @param environmentId the environment that produced the line
     * @param logStream     the environment's log stream name
     * @param time          when the line was read
     * @param line          the line, without its line terminator
     */
    void line(String functionName, String environmentId, String logStream, Instant time, String line);

    LogSink DISCARD = (function, id, stream, time, line) -> {};
}
