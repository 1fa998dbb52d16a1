package dev.lamina.environment.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything an environment reports about itself, as one typed stream (style P10): one record per Lambda platform
 * event of contract §3.3/§3.4, plus the log lines of the function and of extensions. The environment emits each
 * event once to a {@link PlatformEventListener}; the {@link TelemetryHub} renders it per subscriber (Telemetry API
 * schema or old Logs API shape), and the same stream can feed the REPORT line and metrics.
 *
 * <p>Optional members are null. Durations are milliseconds as doubles (rendered with microsecond precision);
 * {@code errorType} is Lambda's wire string ({@code ErrorType.wire()} or the type the runtime reported).
 */
public sealed interface PlatformEvent {

    /** When the event happened (rendered as the envelope's {@code time}). */
    Instant time();

    /**
     * The level of a platform event for {@code LoggingConfig.SystemLogLevel} filtering: {@code platform.logsDropped}
     * is WARN, every other platform event INFO (Lamina emits none at DEBUG); null for function and extension lines,
     * which the system level does not filter.
     */
    default LogLevel systemLevel() {
        return switch (this) {
            case FunctionLine l -> null;
            case ExtensionLine l -> null;
            case LogsDropped d -> LogLevel.WARN;
            default -> LogLevel.INFO;
        };
    }

    /** The subscription category this event belongs to. */
    default EventCategory category() {
        return switch (this) {
            case FunctionLine l -> EventCategory.FUNCTION;
            case ExtensionLine l -> EventCategory.EXTENSION;
            default -> EventCategory.PLATFORM;
        };
    }

    /** {@code platform.initStart}. */
    record InitStart(Instant time, InitType initializationType, InitPhase phase, String runtimeVersion,
            String runtimeVersionArn, String functionName, String functionVersion, String instanceId,
            Long instanceMaxMemory) implements PlatformEvent {
        public InitStart {
            Objects.requireNonNull(initializationType);
            Objects.requireNonNull(phase);
            Objects.requireNonNull(functionName);
            Objects.requireNonNull(functionVersion);
        }
    }

    /** {@code platform.initRuntimeDone}. */
    record InitRuntimeDone(Instant time, InitType initializationType, InitPhase phase, Status status,
            String errorType, List<Span> spans) implements PlatformEvent {
        public InitRuntimeDone {
            spans = spans == null ? List.of() : List.copyOf(spans);
        }
    }

    /** {@code platform.initReport}; {@code durationMs} is {@code metrics.durationMs}. */
    record InitReport(Instant time, InitType initializationType, InitPhase phase, Status status, String errorType,
            double durationMs, List<Span> spans) implements PlatformEvent {
        public InitReport {
            spans = spans == null ? List.of() : List.copyOf(spans);
        }
    }

    /** {@code platform.start} (Logs API: {@code platform.start}). */
    record Start(Instant time, String requestId, String version, Tracing tracing) implements PlatformEvent {}

    /**
     * {@code platform.runtimeDone} (Logs API 2021-03-18: {@code {requestId,status}}).
     *
     * @param durationMs    null when the runtime never answered
     * @param producedBytes null when unknown
     */
    record RuntimeDone(Instant time, String requestId, Status status, String errorType, Double durationMs,
            Long producedBytes, List<Span> spans, Tracing tracing) implements PlatformEvent {
        public RuntimeDone {
            spans = spans == null ? List.of() : List.copyOf(spans);
        }
    }

    /** {@code platform.report} (Logs API: {@code platform.end} then {@code platform.report}). */
    record Report(Instant time, String requestId, Status status, String errorType, ReportMetrics metrics,
            List<Span> spans, Tracing tracing) implements PlatformEvent {
        public Report {
            Objects.requireNonNull(metrics);
            spans = spans == null ? List.of() : List.copyOf(spans);
        }
    }

    /** {@code platform.extension}: one per extension at the end of init. */
    record Extension(Instant time, String name, String state, List<String> events, String errorType)
            implements PlatformEvent {
        public Extension {
            events = List.copyOf(events);
        }
    }

    /** {@code platform.telemetrySubscription}; the hub emits it when a Telemetry API subscribe succeeds. */
    record TelemetrySubscription(Instant time, String name, String state, List<String> types)
            implements PlatformEvent {
        public TelemetrySubscription {
            types = List.copyOf(types);
        }
    }

    /** {@code platform.logsSubscription}; the hub emits it when a Logs API subscribe succeeds. */
    record LogsSubscription(Instant time, String name, String state, List<String> types) implements PlatformEvent {
        public LogsSubscription {
            types = List.copyOf(types);
        }
    }

    /**
     * {@code platform.logsDropped}: made by a subscriber's own buffer and delivered only to that subscriber; an
     * environment never needs to emit it.
     */
    record LogsDropped(Instant time, long droppedBytes, long droppedRecords, String reason) implements PlatformEvent {}

    /** {@code platform.fault} (Logs API only), e.g. "RequestId: … Process exited before completing request". */
    record Fault(Instant time, String message) implements PlatformEvent {}

    /** One line the runtime process wrote (stdout or stderr), without its terminator. */
    record FunctionLine(Instant time, String line) implements PlatformEvent {}

    /** One line an extension process wrote; {@code extensionName} is for Lamina's own logs and is not rendered. */
    record ExtensionLine(Instant time, String extensionName, String line) implements PlatformEvent {}

    // ---- value types of §3.3 ----

    /** The subscription categories of §3.1 ({@code types}). */
    enum EventCategory {
        PLATFORM("platform"), FUNCTION("function"), EXTENSION("extension");

        private final String wire;

        EventCategory(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static EventCategory fromWire(String wire) {
            for (EventCategory c : values()) {
                if (c.wire.equals(wire)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** {@code initializationType}. */
    enum InitType {
        ON_DEMAND("on-demand"), PROVISIONED_CONCURRENCY("provisioned-concurrency"), SNAP_START("snap-start");

        private final String wire;

        InitType(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** {@code phase}: {@code init}, or {@code invoke} for a suppressed init re-run during the first invoke. */
    enum InitPhase {
        INIT("init"), INVOKE("invoke");

        private final String wire;

        InitPhase(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** {@code status}; {@code failure} and {@code error} come with an {@code errorType}. */
    enum Status {
        SUCCESS("success"), FAILURE("failure"), ERROR("error"), TIMEOUT("timeout");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** A span {@code {"name","start","durationMs"}}, e.g. {@code responseLatency}, {@code extensionOverhead}. */
    record Span(String name, Instant start, double durationMs) {}

    /** TraceContext {@code {"spanId"?,"type":"X-Amzn-Trace-Id","value"}}. */
    record Tracing(String spanId, String value) {
        public static final String TYPE = "X-Amzn-Trace-Id";
    }

    /** The metrics of {@code platform.report}; {@code initDurationMs} only on the first invoke after a cold start. */
    record ReportMetrics(double durationMs, long billedDurationMs, int memorySizeMB, long maxMemoryUsedMB,
            Double initDurationMs, Double restoreDurationMs) {}
}
