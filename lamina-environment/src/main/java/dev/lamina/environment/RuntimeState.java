package dev.lamina.environment;

/** The runtime's state as the Runtime API sees it (contract §1.2 state machine, plus process life). */
sealed interface RuntimeState {

    /** No runtime process: fresh, or after a reset. */
    record Stopped() implements RuntimeState {}

    /** The bootstrap was started and has not yet called {@code next} (the init phase). */
    record Starting() implements RuntimeState {}

    /** The runtime posted {@code /init/error} and is expected to exit. */
    record InitErrored() implements RuntimeState {}

    /** The runtime is parked in {@code next}, no event assigned. */
    record Ready() implements RuntimeState {}

    /** The event {@code requestId} was handed to the runtime. */
    record Invoking(String requestId) implements RuntimeState {}

    /** The runtime answered {@code requestId}; it has not called {@code next} again yet. */
    record ResponseSent(String requestId) implements RuntimeState {}

    default String name() {
        return getClass().getSimpleName();
    }
}
