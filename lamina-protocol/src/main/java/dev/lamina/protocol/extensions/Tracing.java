package dev.lamina.protocol.extensions;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The {@code tracing} member of an INVOKE event: {@code {"type":"X-Amzn-Trace-Id","value":"Root=…"}}. */
@JsonPropertyOrder({"type", "value"})
public record Tracing(String type, String value) {
    public static final String X_AMZN_TRACE_ID = "X-Amzn-Trace-Id";

    public static Tracing of(String traceId) {
        return traceId == null || traceId.isEmpty() ? null : new Tracing(X_AMZN_TRACE_ID, traceId);
    }
}
