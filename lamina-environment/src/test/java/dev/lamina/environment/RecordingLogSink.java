package dev.lamina.environment;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every line handed to the sink. */
final class RecordingLogSink implements LogSink {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(String functionName, String environmentId, String logStream, Instant time, String line) {
        lines.add(line);
    }
}
