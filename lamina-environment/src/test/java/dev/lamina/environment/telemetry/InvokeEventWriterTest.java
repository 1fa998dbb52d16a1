package dev.lamina.environment.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.environment.telemetry.PlatformEvent.ReportMetrics;
import dev.lamina.environment.telemetry.PlatformEvent.Span;
import dev.lamina.environment.telemetry.PlatformEvent.Status;
import dev.lamina.environment.telemetry.PlatformEvent.Tracing;
import dev.lamina.protocol.telemetry.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link InvokeEventWriter} and {@link EventRenderer#lineEnvelope} write exactly the bytes of
 * {@link EventRenderer#tree} (the Jackson rendering the golden files pin) for every schema and log format: awkward
 * strings, absent members, edge numbers, and random mixes.
 */
class InvokeEventWriterTest {
    private static final String[] STRINGS = {"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa", "", "quote \" back \\ slash",
        "tab\tnew\nline\r\u0001\u001f\u007f", "h\u00e9llo w\u00f6rld \u20ac", "emoji \ud83d\ude00 pair", "lone \ud83d",
        "</script> & 'single'", "$LATEST", "Runtime.ExitError"};
    private static final double[] DOUBLES = {0.0, 0.0004, 0.0005, 1.5, 12.3456789, 3000.0, 1e7, 12345678.9, 1e-3,
        Double.NaN, Double.POSITIVE_INFINITY, -0.0};
    private static final Instant T = Instant.parse("2022-10-12T00:00:15.064Z");

    static Stream<PlatformEvent> events() {
        List<PlatformEvent> all = new ArrayList<>(EventRendererGoldenTest.events().stream()
                .filter(e -> e instanceof PlatformEvent.Start || e instanceof PlatformEvent.RuntimeDone
                        || e instanceof PlatformEvent.Report)
                .toList());
        Random random = new Random(65);
        for (int i = 0; i < 400; i++) {
            Instant time = T.plusNanos(random.nextLong(1_000_000_000_000L));
            Tracing tracing = random.nextBoolean() ? null
                    : new Tracing(random.nextBoolean() ? null : pick(random), pick(random));
            List<Span> spans = random.nextInt(3) == 0 ? List.of()
                    : List.of(new Span(pick(random), time.minusMillis(3), pickDouble(random)),
                            new Span("responseDuration", time, pickDouble(random)));
            all.add(new PlatformEvent.Start(time, pick(random), random.nextBoolean() ? null : pick(random), tracing));
            all.add(new PlatformEvent.RuntimeDone(time, pick(random), pickStatus(random),
                    random.nextBoolean() ? null : pick(random), random.nextBoolean() ? null : pickDouble(random),
                    random.nextBoolean() ? null : random.nextLong(), spans, tracing));
            all.add(new PlatformEvent.Report(time, pick(random), pickStatus(random),
                    random.nextBoolean() ? null : pick(random),
                    new ReportMetrics(pickDouble(random), random.nextLong(10_000), random.nextInt(10_241),
                            random.nextLong(), random.nextBoolean() ? null : pickDouble(random),
                            random.nextBoolean() ? null : pickDouble(random)),
                    spans, tracing));
        }
        return all.stream();
    }

    private static String pick(Random random) {
        return STRINGS[random.nextInt(STRINGS.length)];
    }

    private static double pickDouble(Random random) {
        return random.nextInt(3) == 0 ? DOUBLES[random.nextInt(DOUBLES.length)] : random.nextDouble() * 5000;
    }

    private static Status pickStatus(Random random) {
        return Status.values()[random.nextInt(Status.values().length)];
    }

    @ParameterizedTest
    @MethodSource("events")
    void writesTheTreesBytes(PlatformEvent event) {
        for (SchemaVersion schema : SchemaVersion.values()) {
            for (LogFormat format : LogFormat.values()) {
                assertThat(EventRenderer.render(event, schema, format).stream().map(InvokeEventWriterTest::text))
                        .as("%s %s %s", event, schema, format)
                        .containsExactlyElementsOf(EventRenderer.tree(event, schema, format).stream()
                                .map(InvokeEventWriterTest::text).toList());
            }
        }
    }

    static Stream<String> lines() {
        return Stream.concat(Stream.of(STRINGS), Stream.of("tm 12345", "plain ascii ~ {} [] / 0x7f:\u007f", "{\"a\":1}",
                "{not json", "x".repeat(10_000), "ends with backslash \\", "\u00ff latin-1", "\u0000 nul"));
    }

    /** Function and extension lines take {@link EventRenderer#lineEnvelope} where they render as strings. */
    @ParameterizedTest
    @MethodSource("lines")
    void linesWriteTheTreesBytes(String line) {
        for (PlatformEvent event : List.of(new PlatformEvent.FunctionLine(T.plusMillis(7), line),
                new PlatformEvent.ExtensionLine(T.plusMillis(999), "ext", line))) {
            for (SchemaVersion schema : SchemaVersion.values()) {
                for (LogFormat format : LogFormat.values()) {
                    assertThat(EventRenderer.render(event, schema, format).stream().map(InvokeEventWriterTest::text))
                            .as("%s %s %s", event, schema, format)
                            .containsExactlyElementsOf(EventRenderer.tree(event, schema, format).stream()
                                    .map(InvokeEventWriterTest::text).toList());
                }
            }
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
