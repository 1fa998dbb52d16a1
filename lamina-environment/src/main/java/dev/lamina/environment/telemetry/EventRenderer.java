package dev.lamina.environment.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.environment.telemetry.PlatformEvent.ReportMetrics;
import dev.lamina.environment.telemetry.PlatformEvent.Span;
import dev.lamina.environment.telemetry.PlatformEvent.Tracing;
import dev.lamina.protocol.telemetry.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a {@link PlatformEvent} as the compact JSON envelopes {@code {"time","type","record"}} one subscriber
 * receives: the Telemetry API shapes of contract §3.3 for {@code 2022-07-01} and newer, the old Logs API shapes of
 * §3.4 for {@code 2020-08-15}/{@code 2021-03-18}. An event renders to no envelope where that schema has no such
 * event (e.g. {@code platform.initStart} on the Logs API), and to two for a Logs API report
 * ({@code platform.end}, {@code platform.report}). Members are written in the order of the contract's tables.
 */
final class EventRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT_LINE =
            JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventRenderer() {}

    /** The envelopes, each as compact UTF-8 JSON. */
    static List<byte[]> render(PlatformEvent event, SchemaVersion schema, LogFormat format) {
        switch (event) { // the hot path: a log line that renders as a string needs no tree
            case PlatformEvent.FunctionLine l when plain(l.line(), schema, format) -> {
                return List.of(lineEnvelope(l.time(), "function", l.line()));
            }
            case PlatformEvent.ExtensionLine l when plain(l.line(), schema, format) -> {
                return List.of(lineEnvelope(l.time(), "extension", l.line()));
            }
            default -> {
                // every other event goes through the tree below
            }
        }
        if (!schema.logsApi()) { // the events of every invoke are written directly (D65), unless unsure
            byte[] direct = switch (event) {
                case PlatformEvent.Start e -> InvokeEventWriter.start(e);
                case PlatformEvent.RuntimeDone e -> InvokeEventWriter.runtimeDone(e);
                case PlatformEvent.Report e -> InvokeEventWriter.report(e);
                default -> null;
            };
            if (direct != null) {
                return List.of(direct);
            }
        }
        return tree(event, schema, format);
    }

    /**
     * Whether {@code event} is queued unrendered for a subscriber of {@code schema} and rendered by its sender
     * ({@link #deferred}), off the invoke's path (D70): the three events of every invoke, for the Telemetry API
     * schemas, each of which renders to exactly one record.
     */
    static boolean deferrable(PlatformEvent event, SchemaVersion schema) {
        return !schema.logsApi() && (event instanceof PlatformEvent.Start || event instanceof PlatformEvent.RuntimeDone
                || event instanceof PlatformEvent.Report);
    }

    /** The one record of a {@link #deferrable} event; the same bytes {@link #render} gives. */
    static byte[] deferred(PlatformEvent event, SchemaVersion schema, LogFormat format) {
        List<byte[]> records = render(event, schema, format);
        if (records.size() != 1) {
            throw new IllegalStateException(records.size() + " records for the deferred event " + event);
        }
        return records.getFirst();
    }

    /** The Jackson-tree rendering, which {@link InvokeEventWriter} must match byte for byte. */
    static List<byte[]> tree(PlatformEvent event, SchemaVersion schema, LogFormat format) {
        List<ObjectNode> envelopes = schema.logsApi() ? logsApi(event, schema) : telemetryApi(event, schema, format);
        return switch (envelopes.size()) { // no stream pipeline: this runs for every platform event of every invoke
            case 0 -> List.of();
            case 1 -> List.of(bytes(envelopes.getFirst()));
            default -> {
                byte[][] out = new byte[envelopes.size()][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = bytes(envelopes.get(i));
                }
                yield List.of(out);
            }
        };
    }

    private static List<ObjectNode> telemetryApi(PlatformEvent event, SchemaVersion schema, LogFormat format) {
        boolean instances = schema.atLeast(SchemaVersion.V2025_01_29);
        return switch (event) {
            case PlatformEvent.InitStart e -> {
                ObjectNode r = NODES.objectNode()
                        .put("initializationType", e.initializationType().wire())
                        .put("phase", e.phase().wire());
                putIfPresent(r, "runtimeVersion", e.runtimeVersion());
                putIfPresent(r, "runtimeVersionArn", e.runtimeVersionArn());
                r.put("functionName", e.functionName()).put("functionVersion", e.functionVersion());
                if (instances) {
                    putIfPresent(r, "instanceId", e.instanceId());
                    if (e.instanceMaxMemory() != null) {
                        r.put("instanceMaxMemory", e.instanceMaxMemory());
                    }
                }
                yield one(e, "platform.initStart", r);
            }
            case PlatformEvent.InitRuntimeDone e -> {
                ObjectNode r = NODES.objectNode()
                        .put("initializationType", e.initializationType().wire())
                        .put("phase", e.phase().wire())
                        .put("status", e.status().wire());
                putIfPresent(r, "errorType", e.errorType());
                spans(r, e.spans());
                yield one(e, "platform.initRuntimeDone", r);
            }
            case PlatformEvent.InitReport e -> {
                ObjectNode r = NODES.objectNode()
                        .put("initializationType", e.initializationType().wire())
                        .put("phase", e.phase().wire())
                        .put("status", e.status().wire());
                putIfPresent(r, "errorType", e.errorType());
                r.putObject("metrics").put("durationMs", ms(e.durationMs()));
                spans(r, e.spans());
                yield one(e, "platform.initReport", r);
            }
            case PlatformEvent.Start e -> {
                ObjectNode r = NODES.objectNode().put("requestId", e.requestId());
                putIfPresent(r, "version", e.version());
                tracing(r, e.tracing());
                yield one(e, "platform.start", r);
            }
            case PlatformEvent.RuntimeDone e -> {
                ObjectNode r = NODES.objectNode().put("requestId", e.requestId()).put("status", e.status().wire());
                putIfPresent(r, "errorType", e.errorType());
                if (e.durationMs() != null) {
                    ObjectNode m = r.putObject("metrics").put("durationMs", ms(e.durationMs()));
                    if (e.producedBytes() != null) {
                        m.put("producedBytes", e.producedBytes());
                    }
                }
                spans(r, e.spans());
                tracing(r, e.tracing());
                yield one(e, "platform.runtimeDone", r);
            }
            case PlatformEvent.Report e -> {
                ObjectNode r = NODES.objectNode().put("requestId", e.requestId()).put("status", e.status().wire());
                putIfPresent(r, "errorType", e.errorType());
                metrics(r, e.metrics(), true);
                spans(r, e.spans());
                tracing(r, e.tracing());
                yield one(e, "platform.report", r);
            }
            case PlatformEvent.Extension e -> one(e, "platform.extension", extension(e));
            case PlatformEvent.TelemetrySubscription e ->
                    one(e, "platform.telemetrySubscription", subscription(e.name(), e.state(), e.types()));
            case PlatformEvent.LogsSubscription e -> List.of();
            case PlatformEvent.LogsDropped e -> one(e, "platform.logsDropped", NODES.objectNode()
                    .put("droppedBytes", e.droppedBytes())
                    .put("droppedRecords", e.droppedRecords())
                    .put("reason", e.reason()));
            case PlatformEvent.Fault e -> List.of();
            case PlatformEvent.FunctionLine e -> one(e, "function", line(e.line(), schema, format));
            case PlatformEvent.ExtensionLine e -> one(e, "extension", line(e.line(), schema, format));
        };
    }

    /** The Logs API's runtimeDone knows only success, failure and timeout (contract §3.4). */
    private static String logsApiStatus(PlatformEvent.Status status) {
        return status == PlatformEvent.Status.ERROR ? PlatformEvent.Status.FAILURE.wire() : status.wire();
    }

    private static List<ObjectNode> logsApi(PlatformEvent event, SchemaVersion schema) {
        return switch (event) {
            case PlatformEvent.Start e -> one(e, "platform.start", NODES.objectNode().put("requestId", e.requestId()));
            case PlatformEvent.RuntimeDone e -> schema.atLeast(SchemaVersion.V2021_03_18)
                    ? one(e, "platform.runtimeDone",
                            NODES.objectNode().put("requestId", e.requestId()).put("status", logsApiStatus(e.status())))
                    : List.of();
            case PlatformEvent.Report e -> {
                ObjectNode report = NODES.objectNode().put("requestId", e.requestId());
                metrics(report, e.metrics(), false);
                yield List.of(
                        envelope(e, "platform.end", NODES.objectNode().put("requestId", e.requestId())),
                        envelope(e, "platform.report", report));
            }
            case PlatformEvent.Fault e -> one(e, "platform.fault", NODES.textNode(e.message()));
            case PlatformEvent.Extension e -> one(e, "platform.extension", NODES.objectNode()
                    .put("name", e.name()).put("state", e.state())
                    .set("events", strings(e.events())));
            case PlatformEvent.LogsSubscription e ->
                    one(e, "platform.logsSubscription", subscription(e.name(), e.state(), e.types()));
            case PlatformEvent.LogsDropped e -> one(e, "platform.logsDropped", NODES.objectNode()
                    .put("reason", e.reason())
                    .put("droppedRecords", e.droppedRecords())
                    .put("droppedBytes", e.droppedBytes()));
            case PlatformEvent.FunctionLine e -> one(e, "function", NODES.textNode(e.line()));
            case PlatformEvent.ExtensionLine e -> one(e, "extension", NODES.textNode(e.line()));
            case PlatformEvent.InitStart e -> List.of();
            case PlatformEvent.InitRuntimeDone e -> List.of();
            case PlatformEvent.InitReport e -> List.of();
            case PlatformEvent.TelemetrySubscription e -> List.of();
        };
    }

    private static ObjectNode extension(PlatformEvent.Extension e) {
        ObjectNode r = NODES.objectNode().put("name", e.name()).put("state", e.state());
        r.set("events", strings(e.events()));
        putIfPresent(r, "errorType", e.errorType());
        return r;
    }

    private static ObjectNode subscription(String name, String state, List<String> types) {
        ObjectNode r = NODES.objectNode().put("name", name).put("state", state);
        r.set("types", strings(types));
        return r;
    }

    /** Whether {@link #line} would render this line as a string. */
    private static boolean plain(String line, SchemaVersion schema, LogFormat format) {
        return (schema.logsApi() || format != LogFormat.JSON || !schema.atLeast(SchemaVersion.V2022_12_13)
                || !line.startsWith("{")) && !hasSurrogates(line);
    }

    /** Jackson's generator escapes surrogate pairs ({@code \uD83D\uDE00}); such lines take the tree path. */
    private static boolean hasSurrogates(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isSurrogate(line.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static final byte[] TIME_KEY = "{\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE_KEY = "\",\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_KEY = "\",\"record\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<SecondCache> SECONDS = ThreadLocal.withInitial(SecondCache::new);

    /** The last second formatted on this thread: {@code yyyy-MM-ddTHH:mm:ss.}, as ASCII. */
    private static final class SecondCache {
        long second = Long.MIN_VALUE;
        byte[] prefix;
    }

    /**
     * {@code {"time":…,"type":…,"record":"<line>"}} written directly: the same bytes as the tree renders (Jackson's
     * own string escaping), at a fraction of the cost per line.
     */
    static byte[] lineEnvelope(Instant time, String type, String line) {
        int length = line.length();
        // most lines are printable ASCII without quote or backslash: copied as they are, without the encoder's
        // buffer and copy per line (D66); any other line takes Jackson's own escaping
        byte[] quoted = plainAscii(line) ? null : JsonStringEncoder.getInstance().quoteAsUTF8(line);
        int quotedLength = quoted == null ? length : quoted.length;
        byte[] prefix = secondPrefix(time.getEpochSecond());
        int millis = time.getNano() / 1_000_000;
        byte[] out = new byte[TIME_KEY.length + prefix.length + 4 + TYPE_KEY.length + type.length()
                + RECORD_KEY.length + quotedLength + 2];
        int i = put(out, 0, TIME_KEY);
        i = put(out, i, prefix);
        out[i++] = (byte) ('0' + millis / 100);
        out[i++] = (byte) ('0' + millis / 10 % 10);
        out[i++] = (byte) ('0' + millis % 10);
        out[i++] = 'Z';
        i = put(out, i, TYPE_KEY);
        for (int k = 0; k < type.length(); k++) {
            out[i++] = (byte) type.charAt(k);
        }
        i = put(out, i, RECORD_KEY);
        if (quoted == null) {
            for (int k = 0; k < length; k++) {
                out[i++] = (byte) line.charAt(k);
            }
        } else {
            i = put(out, i, quoted);
        }
        out[i++] = '"';
        out[i] = '}';
        return out;
    }

    /** Whether JSON quoting leaves {@code s} as it is: printable ASCII (and DEL), no quote and no backslash. */
    static boolean plainAscii(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.} of {@code second} as ASCII, formatted once per second per thread. */
    static byte[] secondPrefix(long second) {
        SecondCache cache = SECONDS.get();
        if (cache.second != second) {
            cache.prefix = TIME.format(Instant.ofEpochSecond(second)).substring(0, 20)
                    .getBytes(StandardCharsets.US_ASCII);
            cache.second = second;
        }
        return cache.prefix;
    }

    /** {@link #TIME}'s text of {@code time} ({@code yyyy-MM-ddTHH:mm:ss.SSSZ}) without a formatter per call. */
    static String time(Instant time) {
        byte[] prefix = secondPrefix(time.getEpochSecond());
        byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + 4);
        int millis = time.getNano() / 1_000_000;
        out[prefix.length] = (byte) ('0' + millis / 100);
        out[prefix.length + 1] = (byte) ('0' + millis / 10 % 10);
        out[prefix.length + 2] = (byte) ('0' + millis % 10);
        out[prefix.length + 3] = 'Z';
        return new String(out, StandardCharsets.US_ASCII);
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** A log line: a string, or with the JSON log format (schema ≥ 2022-12-13) the line's own JSON object. */
    private static JsonNode line(String line, SchemaVersion schema, LogFormat format) {
        if (format == LogFormat.JSON && schema.atLeast(SchemaVersion.V2022_12_13) && line.startsWith("{")) {
            try {
                JsonNode parsed = STRICT_LINE.readTree(line);
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (JsonProcessingException notJson) {
                // fall through: a non-JSON line stays a string
            }
        }
        return NODES.textNode(line);
    }

    private static void metrics(ObjectNode r, ReportMetrics m, boolean telemetry) {
        ObjectNode metrics = r.putObject("metrics")
                .put("durationMs", ms(m.durationMs()))
                .put("billedDurationMs", m.billedDurationMs())
                .put("memorySizeMB", m.memorySizeMB())
                .put("maxMemoryUsedMB", m.maxMemoryUsedMB());
        if (m.initDurationMs() != null) {
            metrics.put("initDurationMs", ms(m.initDurationMs()));
        }
        if (telemetry && m.restoreDurationMs() != null) {
            metrics.put("restoreDurationMs", ms(m.restoreDurationMs()));
        }
    }

    private static void spans(ObjectNode r, List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        ArrayNode array = r.putArray("spans");
        for (Span s : spans) {
            array.addObject().put("name", s.name()).put("start", time(s.start())).put("durationMs", ms(s.durationMs()));
        }
    }

    private static void tracing(ObjectNode r, Tracing t) {
        if (t == null) {
            return;
        }
        ObjectNode node = r.putObject("tracing");
        putIfPresent(node, "spanId", t.spanId());
        node.put("type", Tracing.TYPE).put("value", t.value());
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /** Milliseconds with microsecond precision. */
    static double ms(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }

    private static List<ObjectNode> one(PlatformEvent event, String type, JsonNode record) {
        return List.of(envelope(event, type, record));
    }

    private static ObjectNode envelope(PlatformEvent event, String type, JsonNode record) {
        ObjectNode envelope = NODES.objectNode().put("time", time(event.time())).put("type", type);
        envelope.set("record", record);
        return envelope;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + node, e);
        }
    }
}
