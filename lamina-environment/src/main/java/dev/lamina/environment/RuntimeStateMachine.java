package dev.lamina.environment;

import dev.lamina.environment.RuntimeEvent.Dispatch;
import dev.lamina.environment.RuntimeEvent.ErrorPosted;
import dev.lamina.environment.RuntimeEvent.InitErrorPosted;
import dev.lamina.environment.RuntimeEvent.NextCalled;
import dev.lamina.environment.RuntimeEvent.ProcessExited;
import dev.lamina.environment.RuntimeEvent.Reset;
import dev.lamina.environment.RuntimeEvent.ResponsePosted;
import dev.lamina.environment.RuntimeEvent.Start;
import dev.lamina.environment.RuntimeState.InitErrored;
import dev.lamina.environment.RuntimeState.Invoking;
import dev.lamina.environment.RuntimeState.Ready;
import dev.lamina.environment.RuntimeState.ResponseSent;
import dev.lamina.environment.RuntimeState.Starting;
import dev.lamina.environment.RuntimeState.Stopped;
import dev.lamina.protocol.ErrorType;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All runtime state transitions, in one place. {@link #next} is a pure function of (state, event); {@link #on}
 * applies it. Transitions never block and never perform I/O: the caller acts on the returned outcome.
 *
 * <p>Not thread-safe: owned by its environment's single writer.
 */
final class RuntimeStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeStateMachine.class);

    private final Consumer<StateOutcome.Transition> listener;
    private RuntimeState state = new Stopped();

    RuntimeStateMachine(Consumer<StateOutcome.Transition> listener) {
        this.listener = listener;
    }

    RuntimeState state() {
        return state;
    }

    StateOutcome on(RuntimeEvent event) {
        StateOutcome outcome = next(state, event);
        if (outcome instanceof StateOutcome.Transition t) {
            LOG.debug("runtime {} -> {} on {}", t.from().name(), t.to().name(), event.name());
            state = t.to();
            listener.accept(t);
        } else {
            LOG.debug("runtime {} rejected {}", state.name(), event.name());
        }
        return outcome;
    }

    static StateOutcome next(RuntimeState from, RuntimeEvent event) {
        RuntimeState to = switch (event) {
            case Start s when from instanceof Stopped -> new Starting();
            case NextCalled n when from instanceof Starting || from instanceof ResponseSent -> new Ready();
            case Dispatch d when from instanceof Ready -> new Invoking(d.requestId());
            case ResponsePosted r -> answer(from, r.requestId());
            case ErrorPosted e -> answer(from, e.requestId());
            case InitErrorPosted i when from instanceof Starting -> new InitErrored();
            case ProcessExited p when !(from instanceof Stopped) -> new Stopped();
            case Reset r -> new Stopped();
            default -> null;
        };
        if (to == null) {
            return new StateOutcome.Rejected(from, event, rejection(from, event));
        }
        return new StateOutcome.Transition(from, to, event);
    }

    /** {@code /response} or {@code /error}: legal only for the event in flight. */
    private static RuntimeState answer(RuntimeState from, String requestId) {
        return from instanceof Invoking(String current) && current.equals(requestId) ? new ResponseSent(requestId) : null;
    }

    /** A wrong id is 400 InvalidRequestID while an event is or was just in flight; anything else is 403. */
    private static ErrorType rejection(RuntimeState from, RuntimeEvent event) {
        String id = switch (event) {
            case ResponsePosted r -> r.requestId();
            case ErrorPosted e -> e.requestId();
            default -> null;
        };
        String current = switch (from) {
            case Invoking i -> i.requestId();
            case ResponseSent r -> r.requestId();
            default -> null;
        };
        return id != null && current != null && !current.equals(id)
                ? ErrorType.INVALID_REQUEST_ID
                : ErrorType.INVALID_STATE_TRANSITION;
    }
}
