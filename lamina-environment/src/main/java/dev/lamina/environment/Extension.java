package dev.lamina.environment;

import dev.lamina.environment.runtimeapi.ApiOutcome;
import dev.lamina.protocol.extensions.ExtensionsApi;
import dev.lamina.sandbox.SandboxedProcess;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One registered (or, for an external one, launched) extension of the current init attempt. Mutable, confined to
 * the environment's serial executor.
 */
final class Extension {
    final String name;
    final String id = UUID.randomUUID().toString();
    /** External: an executable of {@code /opt/extensions} with its own process. Internal: a thread of the runtime. */
    final boolean external;
    final ExtensionStateMachine machine;
    List<String> events = List.of();
    SandboxedProcess process;
    List<OutputPump> pumps = List.of();
    /** The parked {@code event/next}, or null. */
    Consumer<ApiOutcome> parked;
    /** The SHUTDOWN event was delivered. */
    boolean shutdownDelivered;

    private Extension(String name, boolean external, ExtensionState initial) {
        this.name = name;
        this.external = external;
        this.machine = new ExtensionStateMachine(name, initial);
    }

    static Extension external(String name) {
        return new Extension(name, true, new ExtensionState.Launched());
    }

    static Extension internal(String name, List<String> events) {
        Extension e = new Extension(name, false, new ExtensionState.Registered());
        e.events = List.copyOf(events);
        return e;
    }

    ExtensionState state() {
        return machine.state();
    }

    boolean subscribes(String eventType) {
        return events.contains(eventType);
    }

    boolean ready() {
        return state() instanceof ExtensionState.Ready;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Lambda's {@code EXTENSION} log line: {@code EXTENSION\tName: x\tState: Ready\tEvents: [INVOKE,SHUTDOWN]}. */
    String logLine(String state) {
        return "EXTENSION\tName: " + name + "\tState: " + state + "\tEvents: [" + String.join(",", events) + "]";
    }

    static final Set<String> EVENT_TYPES = Set.of(ExtensionsApi.INVOKE, ExtensionsApi.SHUTDOWN);
}
