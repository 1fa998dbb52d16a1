package dev.lamina.environment.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.environment.telemetry.PlatformEvent.InitPhase;
import dev.lamina.environment.telemetry.PlatformEvent.InitType;
import dev.lamina.environment.telemetry.PlatformEvent.ReportMetrics;
import dev.lamina.environment.telemetry.PlatformEvent.Span;
import dev.lamina.environment.telemetry.PlatformEvent.Status;
import dev.lamina.environment.telemetry.PlatformEvent.Tracing;
import dev.lamina.protocol.telemetry.SchemaVersion;
import dev.lamina.protocol.telemetry.TelemetryEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every platform event rendered for every schema version, compared byte for byte with hand-written golden files
 * ({@code telemetry/golden/<version>.ndjson}, from contract §3.3 and §3.4).
 */
class EventRendererGoldenTest {
    static final Instant T = Instant.parse("2022-10-12T00:00:15.064Z");
    static final String RID = "6d68ca91-49c9-448d-89b8-7ca3e6dc66aa";
    static final String TRACE = "Root=1-5e1b4151-5ac6c58f5b5dbd6a3ef45f0a;Sampled=1";
    static final String JSON_LINE =
            "{\"timestamp\":\"2022-10-12T00:00:15.064Z\",\"level\":\"INFO\",\"requestId\":\"r1\",\"message\":\"hi\"}";
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One of every event, in the order of the golden files. */
    static List<PlatformEvent> events() {
        return List.of(
                new PlatformEvent.InitStart(T, InitType.ON_DEMAND, InitPhase.INIT, "provided:al2023.v10",
                        "arn:aws:lambda:us-east-1::runtime:abc", "my-function", "$LATEST", "i-1", 3008L),
                new PlatformEvent.InitRuntimeDone(T, InitType.ON_DEMAND, InitPhase.INIT, Status.SUCCESS, null, null),
                new PlatformEvent.InitReport(T, InitType.ON_DEMAND, InitPhase.INVOKE, Status.ERROR, "Runtime.ExitError",
                        123.4567891, List.of()),
                new PlatformEvent.Start(T, RID, "$LATEST", new Tracing(null, TRACE)),
                new PlatformEvent.RuntimeDone(T, RID, Status.SUCCESS, null, 12.3456789, 42L,
                        List.of(new Span("responseLatency", Instant.parse("2022-10-12T00:00:15.010Z"), 1.5),
                                new Span("responseDuration", Instant.parse("2022-10-12T00:00:15.012Z"), 0.25)),
                        new Tracing("073a49f2a4b1c1e2", TRACE)),
                new PlatformEvent.RuntimeDone(T, RID, Status.TIMEOUT, "Sandbox.Timedout", null, null, null, null),
                new PlatformEvent.Report(T, RID, Status.SUCCESS, null,
                        new ReportMetrics(12.3456, 13, 128, 30, 48.26, null),
                        List.of(new Span("extensionOverhead", Instant.parse("2022-10-12T00:00:15.020Z"), 0.5)), null),
                new PlatformEvent.Report(T, RID, Status.ERROR, "Runtime.ExitError",
                        new ReportMetrics(3000.0, 3000, 128, 31, null, null), null, null),
                new PlatformEvent.Extension(T, "logs-ext", "Ready", List.of("INVOKE", "SHUTDOWN"), null),
                new PlatformEvent.Extension(T, "bad-ext", "LaunchError", List.of(), "Extension.LaunchError"),
                new PlatformEvent.TelemetrySubscription(T, "logs-ext", "Subscribed", List.of("platform", "function")),
                new PlatformEvent.LogsSubscription(T, "logs-ext", "Subscribed", List.of("platform")),
                new PlatformEvent.LogsDropped(T, 1024, 12, DeliveryQueue.SLOW_CONSUMER),
                new PlatformEvent.Fault(T, "RequestId: " + RID + " Process exited before completing request"),
                new PlatformEvent.FunctionLine(T, "hello"),
                new PlatformEvent.FunctionLine(T, JSON_LINE),
                new PlatformEvent.ExtensionLine(T, "logs-ext", "ext says hi"));
    }

    @ParameterizedTest
    @EnumSource(SchemaVersion.class)
    void rendersEveryEventLikeItsGoldenFile(SchemaVersion version) throws IOException {
        List<String> rendered = new ArrayList<>();
        for (PlatformEvent e : events()) {
            EventRenderer.render(e, version, LogFormat.JSON)
                    .forEach(b -> rendered.add(new String(b, StandardCharsets.UTF_8)));
        }
        assertThat(rendered).containsExactlyElementsOf(golden(version));
        for (String line : rendered) { // and each is a well-formed envelope
            assertThat(STRICT.readValue(line, TelemetryEnvelope.class).time()).isEqualTo("2022-10-12T00:00:15.064Z");
        }
    }

    @Test
    void jsonLinesStayStringsUnderTheTextLogFormat() {
        String rendered = new String(EventRenderer.render(new PlatformEvent.FunctionLine(T, JSON_LINE),
                SchemaVersion.V2025_01_29, LogFormat.TEXT).getFirst(), StandardCharsets.UTF_8);
        assertThat(rendered).contains("\"record\":\"{\\\"timestamp\\\"");
    }

    @Test
    void nonJsonLinesStayStringsUnderTheJsonLogFormat() {
        for (String line : List.of("{not json", "[1,2]", "{\"a\":1} trailing")) {
            String rendered = new String(EventRenderer.render(new PlatformEvent.ExtensionLine(T, "x", line),
                    SchemaVersion.V2022_12_13, LogFormat.JSON).getFirst(), StandardCharsets.UTF_8);
            assertThat(rendered).as(line).contains("\"record\":\"");
        }
    }

    @Test
    void theDirectLineEnvelopeIsByteForByteWhatJacksonRendersForAnyLine() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> lines = List.of("", "plain", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr\u0001\u001f",
                "unicode é ü 漢字 and 😀", "{\"looks\":\"like json\"}", "\u007f del");
        List<Instant> times = List.of(Instant.parse("2024-01-02T03:04:05Z"), Instant.parse("2024-01-02T03:04:05.007Z"),
                Instant.parse("2024-01-02T03:04:05.999999Z"), Instant.parse("1999-12-31T23:59:59.050Z"));
        for (Instant time : times) {
            for (String line : lines) {
                for (String type : List.of("function", "extension")) {
                    var tree = mapper.createObjectNode().put("time", EventRenderer.TIME.format(time)).put("type", type)
                            .put("record", line);
                    PlatformEvent event = type.equals("function") ? new PlatformEvent.FunctionLine(time, line)
                            : new PlatformEvent.ExtensionLine(time, "x", line);
                    assertThat(new String(EventRenderer.render(event, SchemaVersion.V2022_12_13, LogFormat.TEXT)
                            .getFirst(), java.nio.charset.StandardCharsets.UTF_8))
                            .isEqualTo(new String(mapper.writeValueAsBytes(tree), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void timeHasMillisecondsAndZ() {
        String rendered = new String(EventRenderer.render(
                new PlatformEvent.FunctionLine(Instant.parse("2024-01-02T03:04:05Z"), "x"),
                SchemaVersion.V2022_07_01, LogFormat.TEXT).getFirst(), StandardCharsets.UTF_8);
        assertThat(rendered).startsWith("{\"time\":\"2024-01-02T03:04:05.000Z\",");
    }

    @Test
    void theCachedTimeTextIsTheFormattersTextAcrossSecondsAndMilliseconds() {
        Instant start = Instant.parse("1999-12-31T23:59:58.123456789Z");
        for (long step = 0; step < 5_000; step++) {
            Instant t = start.plusNanos(step * 997_000_013L);
            assertThat(EventRenderer.time(t)).isEqualTo(EventRenderer.TIME.format(t));
        }
        assertThat(EventRenderer.time(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02T03:04:05.000Z");
    }

    private static List<String> golden(SchemaVersion version) throws IOException {
        String path = "/telemetry/golden/" + version.wire() + ".ndjson";
        try (InputStream in = EventRendererGoldenTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
