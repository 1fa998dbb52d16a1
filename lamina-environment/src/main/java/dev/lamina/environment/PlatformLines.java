package dev.lamina.environment;

import dev.lamina.environment.telemetry.LogLevel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The platform's log lines, in Lambda's exact format (contract §4.1, §4.2). */
final class PlatformLines {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PlatformLines() {}

    static String start(String requestId, String version) {
        return "START RequestId: " + requestId + " Version: " + version;
    }

    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /**
     * @param initDurationMs null unless this is the first invoke after a (non-suppressed) cold start
     * @param status         null, or e.g. {@code Status: timeout} / {@code Status: error\tError Type: X}
     */
    static String report(String requestId, double durationMs, int memoryMb, long maxMemoryMb, Double initDurationMs,
            String status) {
        StringBuilder line = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ").append(ms(durationMs)).append(" ms")
                .append("\tBilled Duration: ").append((long) Math.ceil(durationMs)).append(" ms")
                .append("\tMemory Size: ").append(memoryMb).append(" MB")
                .append("\tMax Memory Used: ").append(maxMemoryMb).append(" MB");
        if (initDurationMs != null) {
            line.append("\tInit Duration: ").append(ms(initDurationMs)).append(" ms");
        }
        if (status != null) {
            line.append('\t').append(status);
        }
        return line.toString();
    }

    /** The REPORT line, rendered from the {@code platform.report} event (its metrics) and the line's status. */
    static String report(dev.lamina.environment.telemetry.PlatformEvent.Report report, String status) {
        var m = report.metrics();
        return report(report.requestId(), m.durationMs(), m.memorySizeMB(), m.maxMemoryUsedMB(), m.initDurationMs(),
                status);
    }

    /** @param phase {@code init} or {@code invoke} (suppressed init) */
    static String initReport(double durationMs, String phase, String status) {
        return "INIT_REPORT Init Duration: " + ms(durationMs) + " ms\tPhase: " + phase + "\t" + status;
    }

    static String errorStatus(String errorType) {
        return "Status: error\tError Type: " + errorType;
    }

    static String timeoutStatus() {
        return "Status: timeout";
    }

    static String timedOut(Instant now, String requestId, double seconds) {
        return ISO.format(now) + " " + requestId + " " + timedOutMessage(seconds);
    }

    static String timedOutMessage(double seconds) {
        return "Task timed out after " + String.format(Locale.ROOT, "%.2f", seconds) + " seconds";
    }

    /**
     * The level of a platform line for {@code SystemLogLevel}: START, END, REPORT, INIT_REPORT and EXTENSION lines
     * are INFO (as their {@code platform.*} events); anything else (e.g. "Task timed out") is not filtered (null).
     */
    static LogLevel level(String line) {
        for (String prefix : INFO_PREFIXES) {
            if (line.startsWith(prefix)) {
                return LogLevel.INFO;
            }
        }
        return null;
    }

    private static final String[] INFO_PREFIXES = {"START RequestId: ", "END RequestId: ", "REPORT RequestId: ",
        "INIT_REPORT ", "EXTENSION\t"};

    static String ms(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }
}
