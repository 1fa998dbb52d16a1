package dev.lamina.service.core;

import dev.lamina.protocol.ErrorType;

/**
 * {@code TooManyRequestsException}: rendered with a {@code Reason} and a {@code Retry-After} header (§6.2).
 *
 * @see #CONCURRENT_INVOCATION_LIMIT_EXCEEDED
 * @see #RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED
 */
public final class ThrottledException extends LaminaException {

    /** The account's concurrency (or its unreserved part, or the start slots) is exhausted. */
    public static final String CONCURRENT_INVOCATION_LIMIT_EXCEEDED = "ConcurrentInvocationLimitExceeded";
    /** The function's reserved concurrency is exhausted (always, when it is 0). */
    public static final String RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED =
            "ReservedFunctionConcurrentInvocationLimitExceeded";

    private final String reason;
    private final long retryAfterSeconds;

    public ThrottledException(String reason, long retryAfterSeconds) {
        super(ErrorType.TOO_MANY_REQUESTS, "Rate Exceeded.");
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String reason() {
        return reason;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
