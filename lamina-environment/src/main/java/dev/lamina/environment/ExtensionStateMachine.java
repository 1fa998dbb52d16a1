package dev.lamina.environment;

import dev.lamina.environment.ExtensionInput.EventDelivered;
import dev.lamina.environment.ExtensionInput.ExitErrorPosted;
import dev.lamina.environment.ExtensionInput.InitErrorPosted;
import dev.lamina.environment.ExtensionInput.LaunchFailed;
import dev.lamina.environment.ExtensionInput.NextCalled;
import dev.lamina.environment.ExtensionInput.ProcessExited;
import dev.lamina.environment.ExtensionInput.Register;
import dev.lamina.environment.ExtensionInput.ShutdownTimedOut;
import dev.lamina.environment.ExtensionState.ExitError;
import dev.lamina.environment.ExtensionState.Exited;
import dev.lamina.environment.ExtensionState.InitError;
import dev.lamina.environment.ExtensionState.Launched;
import dev.lamina.environment.ExtensionState.LaunchError;
import dev.lamina.environment.ExtensionState.Ready;
import dev.lamina.environment.ExtensionState.Registered;
import dev.lamina.environment.ExtensionState.Running;
import dev.lamina.environment.ExtensionState.ShutdownFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All extension state transitions, in one place: {@link #next} is a pure function of (state, input), {@link #on}
 * applies it to one extension. A refusal is a value ({@link Outcome.Rejected}), answered as 403
 * {@code Extension.InvalidExtensionState}. Not thread-safe: owned by the environment's single writer.
 */
final class ExtensionStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionStateMachine.class);

    sealed interface Outcome {
        record Transition(ExtensionState from, ExtensionState to, ExtensionInput input) implements Outcome {}

        record Rejected(ExtensionState from, ExtensionInput input) implements Outcome {
            /** RIE's wording. */
            String message(String extension) {
                return "State transition from " + from.name() + " on " + input.name() + " failed for extension "
                        + extension + ". Error: State transition is not allowed";
            }
        }
    }

    private final String name;
    private ExtensionState state;

    ExtensionStateMachine(String name, ExtensionState initial) {
        this.name = name;
        this.state = initial;
    }

    ExtensionState state() {
        return state;
    }

    Outcome on(ExtensionInput input) {
        Outcome outcome = next(state, input);
        if (outcome instanceof Outcome.Transition t) {
            LOG.debug("extension {}: {} -> {} on {}", name, t.from().name(), t.to().name(), input.name());
            state = t.to();
        } else {
            LOG.debug("extension {}: {} rejected {}", name, state.name(), input.name());
        }
        return outcome;
    }

    static Outcome next(ExtensionState from, ExtensionInput input) {
        boolean live = from instanceof Launched || from instanceof Registered || from instanceof Ready
                || from instanceof Running;
        boolean errored = from instanceof InitError || from instanceof ExitError;
        ExtensionState to = switch (input) {
            case Register r when from instanceof Launched -> new Registered();
            case NextCalled n when from instanceof Registered || from instanceof Running -> new Ready();
            case EventDelivered e when from instanceof Ready -> new Running();
            case InitErrorPosted i when from instanceof Registered || from instanceof Ready -> new InitError();
            case ExitErrorPosted x when from instanceof Registered || from instanceof Ready
                    || from instanceof Running -> new ExitError();
            case LaunchFailed l when from instanceof Launched -> new LaunchError();
            case ProcessExited p when live || errored -> new Exited();
            case ShutdownTimedOut s when live || errored -> new ShutdownFailed();
            default -> null;
        };
        return to == null ? new Outcome.Rejected(from, input) : new Outcome.Transition(from, to, input);
    }
}
