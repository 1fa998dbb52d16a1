package dev.lamina.environment;

import dev.lamina.protocol.extensions.ShutdownReason;

/** The whole environment's lifecycle state (contract §4); the runtime and each extension have their own. */
sealed interface EnvironmentState {

    /** No process runs: fresh, or after a reset. The next invoke initialises. */
    record Stopped() implements EnvironmentState {}

    /** Init step 2: external extensions started; waiting until every one has registered. */
    record LaunchingExtensions() implements EnvironmentState {}

    /** Init step 3–4: the runtime was started; waiting for its first {@code next}. Registration is open. */
    record StartingRuntime() implements EnvironmentState {}

    /** Init step 5: registration closed; waiting for every extension's first {@code event/next}. */
    record AwaitingExtensions() implements EnvironmentState {}

    /** Initialised; runtime and every extension parked (frozen when no invoke is waiting). */
    record Idle() implements EnvironmentState {}

    /** The event was released to the runtime and INVOKE subscribers; the runtime has not answered. */
    record Invoking(String requestId) implements EnvironmentState {}

    /** The runtime answered; waiting for it and every INVOKE subscriber to park again. */
    record Settling(String requestId) implements EnvironmentState {}

    /** The shutdown sequence (§4.3) runs: a reset (timeout, failure) or the end (spindown). */
    record ShuttingDown(ShutdownReason reason) implements EnvironmentState {}

    /** Spun down for good. */
    record Closed() implements EnvironmentState {}

    default boolean initializing() {
        return this instanceof LaunchingExtensions || this instanceof StartingRuntime
                || this instanceof AwaitingExtensions;
    }

    default String name() {
        return getClass().getSimpleName();
    }
}
