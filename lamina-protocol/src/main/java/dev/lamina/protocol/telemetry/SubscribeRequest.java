package dev.lamina.protocol.telemetry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code PUT /2020-08-15/logs} and {@code PUT /2022-07-01/telemetry} (contract §3.1). Members Lamina
 * does not know are ignored (RIE-LMI's schema allows them).
 *
 * @param schemaVersion required by the Telemetry API; the Logs API defaults to {@code 2020-08-15}
 * @param types         one or more of {@code platform}, {@code function}, {@code extension}
 * @param buffering     optional; each member optional
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubscribeRequest(String schemaVersion, List<String> types, Buffering buffering, Destination destination) {

    /** Batching limits (contract §3.1 table); null members take their defaults. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Buffering(Integer maxItems, Integer maxBytes, Integer timeoutMs) {}

    /**
     * {@code {"protocol":"HTTP","URI":"http://sandbox.localdomain:PORT[/PATH]"}} or
     * {@code {"protocol":"TCP","port":PORT}}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Destination(String protocol, @JsonProperty("URI") String uri, Integer port) {
        public static Destination http(String uri) {
            return new Destination(TelemetryApi.PROTOCOL_HTTP, uri, null);
        }

        public static Destination tcp(int port) {
            return new Destination(TelemetryApi.PROTOCOL_TCP, null, port);
        }
    }
}
