package dev.lamina.environment;

import dev.lamina.protocol.ErrorType;

/** The result of offering an event to {@link RuntimeStateMachine}: a transition, or a refusal as a value. */
sealed interface StateOutcome {

    record Transition(RuntimeState from, RuntimeState to, RuntimeEvent event) implements StateOutcome {}

    /**
     * @param errorType {@link ErrorType#INVALID_STATE_TRANSITION} or {@link ErrorType#INVALID_REQUEST_ID}
     */
    record Rejected(RuntimeState from, RuntimeEvent event, ErrorType errorType) implements StateOutcome {
        /** RIE's wording for the Runtime API error body. */
        String message() {
            if (errorType == ErrorType.INVALID_REQUEST_ID) {
                return "Invalid request ID";
            }
            return "State transition from " + from.name() + " on " + event.name()
                    + " failed for runtime. Error: State transition is not allowed";
        }
    }
}
