package dev.lamina.environment.runtimeapi;

/**
 * What {@code GET next} returns: the event and the headers of contract §1.1 (null or empty values are omitted).
 *
 * @param deadlineMs absolute deadline, epoch milliseconds
 */
public record NextEvent(
        String requestId,
        long deadlineMs,
        String invokedFunctionArn,
        String traceId,
        String clientContext,
        String cognitoIdentity,
        String tenantId,
        String contentType,
        byte[] payload) {}
