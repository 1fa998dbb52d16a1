package dev.lamina.environment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every line handed to the sink. */
final class RecordingLogSink implements LogSink {
    final List<String> lines = new CopyOnWriteArrayList<>();
    /** The time of each line (the last one, for lines written more than once). */
    final Map<String, Instant> times = new ConcurrentHashMap<>();

    @Override
    public void line(String logGroup, String environmentId, String logStream, Instant time, String line) {
        lines.add(line);
        times.put(line, time);
    }
}
