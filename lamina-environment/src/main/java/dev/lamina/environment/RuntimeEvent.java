package dev.lamina.environment;

/** What can happen to the runtime; the input of {@link RuntimeStateMachine}. */
sealed interface RuntimeEvent {

    /** The bootstrap process was started. */
    record Start() implements RuntimeEvent {}

    /** {@code GET next}. */
    record NextCalled() implements RuntimeEvent {}

    /** The platform hands event {@code requestId} to the parked runtime. */
    record Dispatch(String requestId) implements RuntimeEvent {}

    /** {@code POST …/{requestId}/response} (also when the body is refused as too large or badly framed). */
    record ResponsePosted(String requestId) implements RuntimeEvent {}

    /** {@code POST …/{requestId}/error}. */
    record ErrorPosted(String requestId) implements RuntimeEvent {}

    /** {@code POST /init/error}. */
    record InitErrorPosted() implements RuntimeEvent {}

    /** The runtime process exited. */
    record ProcessExited() implements RuntimeEvent {}

    /** The platform killed the runtime (timeout, init failure, shutdown). */
    record Reset() implements RuntimeEvent {}

    default String name() {
        return getClass().getSimpleName();
    }
}
