package dev.lamina.environment.telemetry;

import dev.lamina.protocol.telemetry.TelemetryEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Subscribe bodies and events shared by the telemetry tests. */
final class TelemetryFixtures {
    static final Instant T = Instant.parse("2022-10-12T00:00:15.064Z");

    private TelemetryFixtures() {}

    static byte[] httpBody(String schema, String types, String buffering, String uri) {
        return json(SubscribeValidationTest.body("\"" + schema + "\"", types, buffering,
                "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"" + uri + "\"}"));
    }

    static byte[] tcpBody(String schema, String types, String buffering, int port) {
        return json(SubscribeValidationTest.body("\"" + schema + "\"", types, buffering,
                "\"destination\":{\"protocol\":\"TCP\",\"port\":" + port + "}"));
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static PlatformEvent.FunctionLine line(int i) {
        return new PlatformEvent.FunctionLine(T, "line-" + i);
    }

    static PlatformEvent.InitStart initStart() {
        return new PlatformEvent.InitStart(T, PlatformEvent.InitType.ON_DEMAND, PlatformEvent.InitPhase.INIT, null,
                null, "fn", "$LATEST", null, null);
    }

    /** The text records of {@code function} envelopes, in order. */
    static List<String> functionLines(List<TelemetryEnvelope> envelopes) {
        return envelopes.stream().filter(e -> e.type().equals("function")).map(e -> e.record().asText()).toList();
    }

    static long dropped(List<TelemetryEnvelope> envelopes) {
        return envelopes.stream().filter(e -> e.type().equals("platform.logsDropped"))
                .mapToLong(e -> e.record().get("droppedRecords").asLong()).sum();
    }
}
