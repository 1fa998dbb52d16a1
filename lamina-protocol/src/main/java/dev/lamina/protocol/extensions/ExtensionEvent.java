package dev.lamina.protocol.extensions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What {@code GET /extension/event/next} returns (contract §2); serialised compactly, in this member order. */
public sealed interface ExtensionEvent {

    String eventType();

    long deadlineMs();

    /** {@code {"eventType":"INVOKE","deadlineMs","requestId","invokedFunctionArn","tracing"?}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"eventType", "deadlineMs", "requestId", "invokedFunctionArn", "tracing"})
    record Invoke(String eventType, long deadlineMs, String requestId, String invokedFunctionArn, Tracing tracing)
            implements ExtensionEvent {
        public static Invoke of(long deadlineMs, String requestId, String invokedFunctionArn, String traceId) {
            return new Invoke(ExtensionsApi.INVOKE, deadlineMs, requestId, invokedFunctionArn, Tracing.of(traceId));
        }
    }

    /** {@code {"eventType":"SHUTDOWN","deadlineMs","shutdownReason"}}. */
    @JsonPropertyOrder({"eventType", "deadlineMs", "shutdownReason"})
    record Shutdown(String eventType, long deadlineMs, String shutdownReason) implements ExtensionEvent {
        public static Shutdown of(long deadlineMs, ShutdownReason reason) {
            return new Shutdown(ExtensionsApi.SHUTDOWN, deadlineMs, reason.wire());
        }
    }
}
