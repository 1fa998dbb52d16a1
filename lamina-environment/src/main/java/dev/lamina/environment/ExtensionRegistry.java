package dev.lamina.environment;

import dev.lamina.environment.runtimeapi.ExtensionCommand;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionsApi;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extensions of one init attempt, by name and by identifier, and the registration rules of contract §2: an
 * external extension registers under its file name; any other name makes an internal extension (INVOKE only),
 * allowed until the runtime's first {@code next}; at most {@value ExtensionsApi#MAX_EXTENSIONS} in all.
 * Confined to the environment's serial executor.
 */
final class ExtensionRegistry {
    private final Map<String, Extension> byName = new LinkedHashMap<>();
    private final Map<String, Extension> byId = new HashMap<>();
    private boolean open = true;

    /** The outcome of a registration: the extension, or a refusal. */
    sealed interface Registration {
        record Accepted(Extension extension) implements Registration {}

        record Refused(ErrorType errorType, String message) implements Registration {}
    }

    void launched(Extension external) {
        byName.put(external.name, external);
        byId.put(external.id, external);
    }

    Registration register(ExtensionCommand.Register command) {
        if (!open) {
            return new Registration.Refused(ErrorType.EXTENSION_REGISTRATION_CLOSED,
                    "Extension registration closed already");
        }
        Extension known = byName.get(command.name());
        if (known != null) {
            if (!known.external || known.machine.on(new ExtensionInput.Register())
                    instanceof ExtensionStateMachine.Outcome.Rejected) {
                return new Registration.Refused(ErrorType.EXTENSION_INVALID_STATE,
                        "Extension " + command.name() + " is already registered (state " + known.state().name() + ")");
            }
            known.events = command.events();
            return new Registration.Accepted(known);
        }
        if (byName.size() >= ExtensionsApi.MAX_EXTENSIONS) {
            return new Registration.Refused(ErrorType.EXTENSION_TOO_MANY, ExtensionsApi.TOO_MANY_MESSAGE);
        }
        if (command.events().contains(ExtensionsApi.SHUTDOWN)) {
            return new Registration.Refused(ErrorType.EXTENSION_INVALID_EVENT_TYPE,
                    "Internal extension " + command.name() + " cannot subscribe to " + ExtensionsApi.SHUTDOWN);
        }
        Extension internal = Extension.internal(command.name(), command.events());
        byName.put(internal.name, internal);
        byId.put(internal.id, internal);
        return new Registration.Accepted(internal);
    }

    Extension byId(String id) {
        return byId.get(id);
    }

    Collection<Extension> all() {
        return byName.values();
    }

    List<Extension> external() {
        List<Extension> out = new ArrayList<>();
        for (Extension e : byName.values()) {
            if (e.external) {
                out.add(e);
            }
        }
        return out;
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    boolean allExternalRegistered() {
        return byName.values().stream().noneMatch(e -> e.state() instanceof ExtensionState.Launched);
    }

    boolean allReady() {
        return byName.values().stream().allMatch(Extension::ready);
    }

    void close() {
        open = false;
    }
}
