package dev.lamina.environment.runtimeapi;

import dev.lamina.protocol.ErrorType;

/** The core's answer to a {@link RuntimeCommand}. */
public sealed interface ApiOutcome {

    /** 202 {@code {"status":"OK"}}. */
    record Accepted() implements ApiOutcome {}

    /** 200 with the event, the answer to a parked {@code next}. */
    record Event(NextEvent event) implements ApiOutcome {}

    /** An error status ({@link ErrorType#httpStatus()}) with {@code {"errorMessage","errorType"}}. */
    record Rejected(ErrorType errorType, String message) implements ApiOutcome {}

    /** 200 to {@code /extension/register}: the identifier header and the register body (JSON). */
    record Registered(String identifier, byte[] body) implements ApiOutcome {}

    /** 200 to a parked {@code /extension/event/next}: the event JSON and its event identifier. */
    record ExtensionEvent(byte[] body, String eventIdentifier) implements ApiOutcome {}

    ApiOutcome ACCEPTED = new Accepted();
}
