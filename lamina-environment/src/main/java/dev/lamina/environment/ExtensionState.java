package dev.lamina.environment;

/**
 * One extension's state (contract §2; the names are those of {@code platform.extension.state}, except
 * {@link Launched}, which RIE calls {@code Started}).
 */
sealed interface ExtensionState {

    /** An external extension's process was started; it has not registered yet. */
    record Launched() implements ExtensionState {}

    /** Registered; it has not called {@code event/next} yet. */
    record Registered() implements ExtensionState {}

    /** Parked in {@code event/next}. */
    record Ready() implements ExtensionState {}

    /** An event was delivered; it is working on it. */
    record Running() implements ExtensionState {}

    /** It posted {@code init/error}; nothing it calls succeeds any more. */
    record InitError() implements ExtensionState {}

    /** It posted {@code exit/error}; nothing it calls succeeds any more. */
    record ExitError() implements ExtensionState {}

    /** It did not finish within the shutdown deadline, or exited with an error during shutdown. */
    record ShutdownFailed() implements ExtensionState {}

    /** Its process ended (or, for an internal extension, its environment was reset). */
    record Exited() implements ExtensionState {}

    /** Its executable could not be started. */
    record LaunchError() implements ExtensionState {}

    default String name() {
        return getClass().getSimpleName();
    }
}
