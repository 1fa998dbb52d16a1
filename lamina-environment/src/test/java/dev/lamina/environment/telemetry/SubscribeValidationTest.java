package dev.lamina.environment.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.protocol.ErrorType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract §3.1 validation, without HTTP: every bad member of a subscribe body is refused with 400 and the API's
 * own error type ({@code ValidationError} / {@code Logs.ValidationError}); every good body is accepted with
 * {@code "OK"}. After each refusal, a good request from the same extension still succeeds (the hub keeps serving).
 */
class SubscribeValidationTest {
    private static final String DEST = "\"destination\":{\"protocol\":\"TCP\",\"port\":4243}";
    private final TelemetryHub hub = TelemetryHub.builder().build();

    @AfterEach
    void close() {
        hub.close();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("empty body", ""),
                bad("not JSON", "{"),
                bad("array body", "[]"),
                bad("string body", "\"OK\""),
                bad("telemetry without schemaVersion", "{\"types\":[\"platform\"]," + DEST + "}"),
                bad("unknown schemaVersion", body("\"2023-01-01\"", "[\"platform\"]", null, DEST)),
                bad("schemaVersion not a string", body("20220701", "[\"platform\"]", null, DEST)),
                bad("missing types", "{\"schemaVersion\":\"2022-07-01\"," + DEST + "}"),
                bad("empty types", body("\"2022-07-01\"", "[]", null, DEST)),
                bad("unknown type", body("\"2022-07-01\"", "[\"platform\",\"metrics\"]", null, DEST)),
                bad("type not a string", body("\"2022-07-01\"", "[1]", null, DEST)),
                bad("types not an array", body("\"2022-07-01\"", "\"platform\"", null, DEST)),
                bad("buffering not an object", body("\"2022-07-01\"", "[\"function\"]", "5", DEST)),
                bad("timeoutMs below 25", body("\"2022-07-01\"", "[\"function\"]", "{\"timeoutMs\":24}", DEST)),
                bad("timeoutMs above 30000", body("\"2022-07-01\"", "[\"function\"]", "{\"timeoutMs\":30001}", DEST)),
                bad("timeoutMs not an integer", body("\"2022-07-01\"", "[\"function\"]", "{\"timeoutMs\":\"100\"}", DEST)),
                bad("timeoutMs fractional", body("\"2022-07-01\"", "[\"function\"]", "{\"timeoutMs\":100.5}", DEST)),
                bad("maxBytes below 262144", body("\"2022-07-01\"", "[\"function\"]", "{\"maxBytes\":262143}", DEST)),
                bad("maxBytes above 1048576", body("\"2022-07-01\"", "[\"function\"]", "{\"maxBytes\":1048577}", DEST)),
                bad("maxItems below 1000", body("\"2022-07-01\"", "[\"function\"]", "{\"maxItems\":999}", DEST)),
                bad("maxItems above 10000", body("\"2022-07-01\"", "[\"function\"]", "{\"maxItems\":10001}", DEST)),
                bad("maxItems huge", body("\"2022-07-01\"", "[\"function\"]", "{\"maxItems\":99999999999}", DEST)),
                bad("missing destination", body("\"2022-07-01\"", "[\"function\"]", null, null)),
                bad("destination not an object", body("\"2022-07-01\"", "[\"function\"]", null, "\"destination\":\"x\"")),
                bad("unknown protocol", dest("{\"protocol\":\"UDP\",\"port\":4243}")),
                bad("lowercase protocol", dest("{\"protocol\":\"http\",\"URI\":\"http://sandbox:4243\"}")),
                bad("HTTP without URI", dest("{\"protocol\":\"HTTP\"}")),
                bad("HTTP with empty URI", dest("{\"protocol\":\"HTTP\",\"URI\":\"\"}")),
                bad("HTTP to another host", dest("{\"protocol\":\"HTTP\",\"URI\":\"http://example.com:4243\"}")),
                bad("HTTP to localhost", dest("{\"protocol\":\"HTTP\",\"URI\":\"http://127.0.0.1:4243\"}")),
                bad("HTTP without port", dest("{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain/x\"}")),
                bad("HTTPS", dest("{\"protocol\":\"HTTP\",\"URI\":\"https://sandbox.localdomain:4243\"}")),
                bad("URI not a URI", dest("{\"protocol\":\"HTTP\",\"URI\":\"http://sand box:1\"}")),
                bad("TCP without port", dest("{\"protocol\":\"TCP\"}")),
                bad("TCP port 0", dest("{\"protocol\":\"TCP\",\"port\":0}")),
                bad("TCP port 65536", dest("{\"protocol\":\"TCP\",\"port\":65536}")),
                bad("TCP port as string", dest("{\"protocol\":\"TCP\",\"port\":\"4243\"}")),
                Arguments.of("logs API with a telemetry schema", SubscriptionApi.LOGS,
                        body("\"2022-07-01\"", "[\"platform\"]", null, DEST)),
                Arguments.of("telemetry API with a logs schema", SubscriptionApi.TELEMETRY,
                        body("\"2021-03-18\"", "[\"platform\"]", null, DEST)),
                Arguments.of("logs API with empty types", SubscriptionApi.LOGS, "{\"types\":[]," + DEST + "}"));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                good(SubscriptionApi.TELEMETRY, body("\"2022-07-01\"", "[\"platform\"]", null, DEST)),
                good(SubscriptionApi.TELEMETRY, body("\"2022-12-13\"", "[\"platform\",\"function\",\"extension\"]",
                        "{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":25}", DEST)),
                good(SubscriptionApi.TELEMETRY, body("\"2025-01-29\"", "[\"function\"]",
                        "{\"maxItems\":10000,\"maxBytes\":1048576,\"timeoutMs\":30000}",
                        "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:8080/lambda_logs\"}")),
                good(SubscriptionApi.TELEMETRY, body("\"2022-12-13\"", "[\"extension\"]", "{}",
                        "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox:4243\"}")),
                good(SubscriptionApi.TELEMETRY, "{\"schemaVersion\":\"2022-12-13\",\"types\":[\"platform\"],"
                        + "\"destination\":{\"protocol\":\"TCP\",\"port\":1,\"extra\":true},\"unknown\":{\"a\":1}}"),
                good(SubscriptionApi.TELEMETRY, body("\"2022-12-13\"", "[\"platform\",\"platform\"]",
                        "{\"timeoutMs\":null}", "\"destination\":{\"protocol\":\"TCP\",\"port\":65535}")),
                good(SubscriptionApi.LOGS, "{\"types\":[\"platform\",\"function\"]," + DEST + "}"),
                good(SubscriptionApi.LOGS, body("\"2020-08-15\"", "[\"function\"]", null,
                        "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:1234/logs?x=1\"}")),
                good(SubscriptionApi.LOGS, body("\"2021-03-18\"", "[\"extension\"]", "{\"timeoutMs\":1000}", DEST)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidRequestIsRefusedWith400AndTheApisValidationType(String name, SubscriptionApi api, String body) {
        SubscribeOutcome outcome = hub.subscribe(api, "ext", bytes(body));

        ErrorType expected = api == SubscriptionApi.LOGS ? ErrorType.LOGS_VALIDATION_ERROR
                : ErrorType.TELEMETRY_VALIDATION_ERROR;
        assertThat(outcome).isInstanceOfSatisfying(SubscribeOutcome.Rejected.class, r -> {
            assertThat(r.errorType()).isEqualTo(expected);
            assertThat(r.errorType().httpStatus()).isEqualTo(400);
            assertThat(r.message()).isNotBlank();
        });
        assertThat(hub.stats()).isEmpty();
        String good = api == SubscriptionApi.LOGS ? "{\"types\":[\"platform\"]," + DEST + "}"
                : body("\"2022-12-13\"", "[\"platform\"]", null, DEST);
        assertThat(hub.subscribe(api, "ext", bytes(good))).isEqualTo(SubscribeOutcome.SUBSCRIBED);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("valid")
    void validRequestIsAccepted(SubscriptionApi api, String body) {
        assertThat(hub.subscribe(api, "ext", bytes(body))).isEqualTo(SubscribeOutcome.SUBSCRIBED);
        assertThat(hub.stats()).extracting(SubscriberStats::extensionName, SubscriberStats::api)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ext", api));
    }

    @org.junit.jupiter.api.Test
    void defaultsAndLimitsAreApplied() {
        SubscriptionSpec spec = ((SubscribeRequestValidator.Valid) SubscribeRequestValidator.validate(
                SubscriptionApi.LOGS, bytes("{\"types\":[\"function\",\"platform\"]," + DEST + "}"))).spec();
        assertThat(spec.schema().wire()).isEqualTo("2020-08-15");
        assertThat(List.of(spec.maxItems(), spec.maxBytes(), spec.timeoutMs())).containsExactly(10_000, 262_144, 1_000);
        assertThat(spec.types()).containsExactly("function", "platform");
        assertThat(spec.destination()).isEqualTo(new SubscriptionSpec.Tcp(4243));
        SubscriptionSpec http = ((SubscribeRequestValidator.Valid) SubscribeRequestValidator.validate(
                SubscriptionApi.TELEMETRY, bytes(body("\"2022-12-13\"", "[\"platform\"]", null,
                        "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://SANDBOX.localdomain:81/a/b?c=d\"}"))))
                .spec();
        assertThat(http.destination()).isEqualTo(
                new SubscriptionSpec.Http("http://SANDBOX.localdomain:81/a/b?c=d", 81, "/a/b?c=d"));
    }

    private static Arguments bad(String name, String body) {
        return Arguments.of(name, SubscriptionApi.TELEMETRY, body);
    }

    private static Arguments good(SubscriptionApi api, String body) {
        return Arguments.of(api, body);
    }

    private static String dest(String destination) {
        return body("\"2022-12-13\"", "[\"platform\"]", null, "\"destination\":" + destination);
    }

    static String body(String schema, String types, String buffering, String destination) {
        StringBuilder b = new StringBuilder("{\"schemaVersion\":").append(schema).append(",\"types\":").append(types);
        if (buffering != null) {
            b.append(",\"buffering\":").append(buffering);
        }
        if (destination != null) {
            b.append(',').append(destination);
        }
        return b.append('}').toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
