package dev.lamina.protocol.telemetry;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One delivered item (contract §3.2): {@code {"time":"2022-10-12T00:00:15.064Z","type":"platform.start","record":…}}.
 * A batch is a JSON array of these (HTTP) or one per line (TCP).
 *
 * @param time   ISO-8601 UTC with milliseconds and {@code Z}
 * @param type   e.g. {@code platform.initStart}, {@code function}
 * @param record an object for platform events; a string (or, with JSON logs, an object) for log lines
 */
@JsonPropertyOrder({"time", "type", "record"})
public record TelemetryEnvelope(String time, String type, JsonNode record) {}
