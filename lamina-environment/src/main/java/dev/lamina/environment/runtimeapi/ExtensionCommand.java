package dev.lamina.environment.runtimeapi;

import java.util.List;

/** A well-formed Extensions API request (contract §2), validated at the edge, as it crosses into the core. */
public sealed interface ExtensionCommand {

    /**
     * {@code POST /extension/register}.
     *
     * @param name      the {@code Lambda-Extension-Name} header
     * @param accountId the extension accepted the {@code accountId} feature
     * @param events    the event types asked for, each {@code INVOKE} or {@code SHUTDOWN}
     */
    record Register(String name, boolean accountId, List<String> events) implements ExtensionCommand {
        public Register {
            events = List.copyOf(events);
        }
    }

    /** {@code GET /extension/event/next}: the extension is ready for its next event. */
    record Next(String identifier) implements ExtensionCommand {}

    /** {@code POST /extension/init/error}. */
    record InitError(String identifier, String errorType, byte[] body) implements ExtensionCommand {}

    /** {@code POST /extension/exit/error}. */
    record ExitError(String identifier, String errorType, byte[] body) implements ExtensionCommand {}
}
