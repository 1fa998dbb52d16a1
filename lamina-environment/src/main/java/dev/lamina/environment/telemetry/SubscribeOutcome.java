package dev.lamina.environment.telemetry;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.telemetry.TelemetryApi;

/** The answer to a subscribe request: 200 {@code "OK"}, or an error status with {@code {"errorMessage","errorType"}}. */
public sealed interface SubscribeOutcome {

    /** 200 with body {@link TelemetryApi#OK_BODY}. */
    record Subscribed() implements SubscribeOutcome {}

    /** {@link ErrorType#httpStatus()} (400 or 403) with {@code {"errorMessage","errorType"}}. */
    record Rejected(ErrorType errorType, String message) implements SubscribeOutcome {}

    SubscribeOutcome SUBSCRIBED = new Subscribed();
}
