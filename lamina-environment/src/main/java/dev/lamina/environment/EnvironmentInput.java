package dev.lamina.environment;

import dev.lamina.protocol.extensions.ShutdownReason;

/** What moves the environment's lifecycle; the input of {@link EnvironmentLifecycle}. */
sealed interface EnvironmentInput {

    /** An invoke found the environment stopped: start the extensions. */
    record Init() implements EnvironmentInput {}

    /** Every external extension registered (at once when there is none): start the runtime. */
    record ExtensionsRegistered() implements EnvironmentInput {}

    /** The runtime's first {@code next}: registration closes. */
    record RuntimeReady() implements EnvironmentInput {}

    /** Every extension called {@code event/next}: init is complete. */
    record ExtensionsReady() implements EnvironmentInput {}

    /** The invoke's event is released. */
    record Release(String requestId) implements EnvironmentInput {}

    /** The runtime posted its response or error. */
    record RuntimeAnswered(String requestId) implements EnvironmentInput {}

    /** Runtime and every extension are parked again after an invoke. */
    record AllParked() implements EnvironmentInput {}

    /** Start the shutdown sequence (a reset or the spindown). */
    record Shutdown(ShutdownReason reason) implements EnvironmentInput {}

    /** The shutdown sequence finished: every process is gone. */
    record ShutdownComplete() implements EnvironmentInput {}

    default String name() {
        return getClass().getSimpleName();
    }
}
