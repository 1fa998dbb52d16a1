package dev.lamina.protocol.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The subscribe request and the delivery envelope read their golden fixtures and write them back, compactly. */
class TelemetryWireGoldenTest {

    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static List<Object[]> fixtures() {
        return List.of(
                new Object[] {"subscribe-telemetry-http.json", SubscribeRequest.class},
                new Object[] {"subscribe-telemetry-tcp.json", SubscribeRequest.class},
                new Object[] {"subscribe-logs.json", SubscribeRequest.class},
                new Object[] {"envelope-platform-start.json", TelemetryEnvelope.class},
                new Object[] {"envelope-function.json", TelemetryEnvelope.class});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void roundTripsItsGoldenFixtureByteForByte(String fixture, Class<?> type) throws IOException {
        String golden = read(fixture).strip();
        Object record = STRICT.readValue(golden, type);
        assertThat(STRICT.writeValueAsString(record)).isEqualTo(golden);
    }

    @Test
    void subscribeRequestFieldsAreTyped() throws IOException {
        SubscribeRequest r = STRICT.readValue(read("subscribe-telemetry-http.json"), SubscribeRequest.class);
        assertThat(r.schemaVersion()).isEqualTo("2022-12-13");
        assertThat(r.types()).containsExactly("platform", "function");
        assertThat(r.buffering()).isEqualTo(new SubscribeRequest.Buffering(1000, 262144, 100));
        assertThat(r.destination()).isEqualTo(
                SubscribeRequest.Destination.http("http://sandbox.localdomain:8080/lambda_logs"));
        SubscribeRequest tcp = STRICT.readValue(read("subscribe-telemetry-tcp.json"), SubscribeRequest.class);
        assertThat(tcp.destination()).isEqualTo(SubscribeRequest.Destination.tcp(4243));
        assertThat(tcp.buffering()).isNull();
    }

    @Test
    void unknownMembersOfASubscribeRequestAreIgnored() throws IOException {
        SubscribeRequest r = new ObjectMapper().readValue(
                "{\"types\":[\"function\"],\"future\":1,\"destination\":{\"protocol\":\"TCP\",\"port\":9,\"x\":2}}",
                SubscribeRequest.class);
        assertThat(r.destination().port()).isEqualTo(9);
    }

    @Test
    void envelopeRecordKeepsItsJsonKind() throws IOException {
        TelemetryEnvelope e = STRICT.readValue(read("envelope-function.json"), TelemetryEnvelope.class);
        assertThat(e.record().isTextual()).isTrue();
        JsonNode start = STRICT.readValue(read("envelope-platform-start.json"), TelemetryEnvelope.class).record();
        assertThat(start.get("requestId").asText()).isEqualTo("6d68ca91-49c9-448d-89b8-7ca3e6dc66aa");
    }

    @Test
    void schemaVersionsKnowTheirApi() {
        assertThat(SchemaVersion.fromWire("2021-03-18")).contains(SchemaVersion.V2021_03_18);
        assertThat(SchemaVersion.V2021_03_18.logsApi()).isTrue();
        assertThat(SchemaVersion.V2025_01_29.logsApi()).isFalse();
        assertThat(SchemaVersion.V2025_01_29.atLeast(SchemaVersion.V2022_12_13)).isTrue();
        assertThat(SchemaVersion.fromWire("2023-01-01")).isEmpty();
    }

    private static String read(String fixture) throws IOException {
        try (InputStream in = TelemetryWireGoldenTest.class.getResourceAsStream("/telemetry/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
