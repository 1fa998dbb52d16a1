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

    ApiOutcome ACCEPTED = new Accepted();
}
