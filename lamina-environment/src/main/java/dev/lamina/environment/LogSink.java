package dev.lamina.environment;

import java.time.Instant;

/** Receives every log line an environment produces: the function's output and the platform's own lines. */
@FunctionalInterface
public interface LogSink {

    /**
     * @param logGroup      the log group of the function whose environment produced the line:
     *                      {@code /aws/lambda/<function name>} or its {@code LoggingConfig.LogGroup}
     *                      ({@link EnvironmentSpec#logGroupName()})
     * @param environmentId the environment that produced the line
     * @param logStream     the environment's log stream name
     * @param time          when the line was read
     * @param line          the line, without its line terminator
     */
    void line(String logGroup, String environmentId, String logStream, Instant time, String line);

    LogSink DISCARD = (group, id, stream, time, line) -> {};
}
