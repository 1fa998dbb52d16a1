package dev.lamina.service.invoke;

import dev.lamina.service.core.FunctionRef;

/**
 * The Invoke command, already validated at the edge (payload is JSON, client context decoded).
 *
 * @param clientContext the decoded client-context JSON, or null
 * @param traceId       the {@code X-Amzn-Trace-Id} to pass on (generated when the caller sent none)
 * @param tailLog       {@code X-Amz-Log-Type: Tail}
 */
public record InvokeFunction(
        FunctionRef ref,
        InvocationType type,
        String requestId,
        byte[] payload,
        String contentType,
        String clientContext,
        String traceId,
        String tenantId,
        boolean tailLog) {}
