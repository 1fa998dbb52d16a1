package dev.lamina.environment;

/**
 * One invoke handed to an environment.
 *
 * @param requestId          the request id (UUID) the caller was given
 * @param payload            the raw event bytes
 * @param contentType        the caller's content type, default {@code application/json}
 * @param invokedFunctionArn the ARN as invoked (may carry a qualifier)
 * @param clientContext      the decoded client-context JSON, or null
 * @param cognitoIdentity    the cognito identity JSON, or null
 * @param traceId            the X-Ray trace header value, or null
 * @param tenantId           the tenant id, or null
 */
public record Invocation(
        String requestId,
        byte[] payload,
        String contentType,
        String invokedFunctionArn,
        String clientContext,
        String cognitoIdentity,
        String traceId,
        String tenantId) {}
