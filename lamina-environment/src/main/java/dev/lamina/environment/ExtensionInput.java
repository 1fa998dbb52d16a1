package dev.lamina.environment;

/** What can happen to an extension; the input of {@link ExtensionStateMachine}. */
sealed interface ExtensionInput {

    /** {@code POST /extension/register}. */
    record Register() implements ExtensionInput {}

    /** {@code GET /extension/event/next}. */
    record NextCalled() implements ExtensionInput {}

    /** The platform completed its parked {@code event/next} with an event. */
    record EventDelivered() implements ExtensionInput {}

    /** {@code POST /extension/init/error}. */
    record InitErrorPosted() implements ExtensionInput {}

    /** {@code POST /extension/exit/error}. */
    record ExitErrorPosted() implements ExtensionInput {}

    /** The executable could not be started. */
    record LaunchFailed() implements ExtensionInput {}

    /** Its process ended, or it was killed when done (after SHUTDOWN, or as a non-subscriber). */
    record ProcessExited() implements ExtensionInput {}

    /** Killed at the shutdown deadline, or exited non-zero after SHUTDOWN. */
    record ShutdownTimedOut() implements ExtensionInput {}

    default String name() {
        return getClass().getSimpleName();
    }
}
