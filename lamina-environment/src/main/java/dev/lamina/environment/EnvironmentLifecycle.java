package dev.lamina.environment;

import dev.lamina.environment.EnvironmentInput.AllParked;
import dev.lamina.environment.EnvironmentInput.ExtensionsReady;
import dev.lamina.environment.EnvironmentInput.ExtensionsRegistered;
import dev.lamina.environment.EnvironmentInput.Init;
import dev.lamina.environment.EnvironmentInput.Release;
import dev.lamina.environment.EnvironmentInput.RuntimeAnswered;
import dev.lamina.environment.EnvironmentInput.RuntimeReady;
import dev.lamina.environment.EnvironmentInput.Shutdown;
import dev.lamina.environment.EnvironmentInput.ShutdownComplete;
import dev.lamina.environment.EnvironmentState.AwaitingExtensions;
import dev.lamina.environment.EnvironmentState.Closed;
import dev.lamina.environment.EnvironmentState.Idle;
import dev.lamina.environment.EnvironmentState.Invoking;
import dev.lamina.environment.EnvironmentState.LaunchingExtensions;
import dev.lamina.environment.EnvironmentState.Settling;
import dev.lamina.environment.EnvironmentState.ShuttingDown;
import dev.lamina.environment.EnvironmentState.StartingRuntime;
import dev.lamina.environment.EnvironmentState.Stopped;
import dev.lamina.protocol.extensions.ShutdownReason;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All environment-level transitions, in one place: {@link #next} is pure, {@link #on} applies it and tells the
 * listener. A refused input returns null from {@link #next} (the environment treats it as a bug: inputs come from
 * the platform, never straight from a client). Not thread-safe: owned by the environment's single writer.
 */
final class EnvironmentLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentLifecycle.class);

    record Transition(EnvironmentState from, EnvironmentState to, EnvironmentInput input) {}

    private final Consumer<Transition> listener;
    private EnvironmentState state = new Stopped();

    EnvironmentLifecycle(Consumer<Transition> listener) {
        this.listener = listener;
    }

    EnvironmentState state() {
        return state;
    }

    /** Applies the input; false (and no change) when the table refuses it. */
    boolean on(EnvironmentInput input) {
        EnvironmentState to = next(state, input);
        if (to == null) {
            LOG.debug("environment {} refused {}", state.name(), input.name());
            return false;
        }
        Transition t = new Transition(state, to, input);
        LOG.debug("environment {} -> {} on {}", t.from().name(), t.to().name(), input.name());
        state = to;
        listener.accept(t);
        return true;
    }

    static EnvironmentState next(EnvironmentState from, EnvironmentInput input) {
        boolean running = from.initializing() || from instanceof Idle || from instanceof Invoking
                || from instanceof Settling;
        return switch (input) {
            case Init i when from instanceof Stopped -> new LaunchingExtensions();
            case ExtensionsRegistered e when from instanceof LaunchingExtensions -> new StartingRuntime();
            case RuntimeReady r when from instanceof StartingRuntime -> new AwaitingExtensions();
            case ExtensionsReady e when from instanceof AwaitingExtensions -> new Idle();
            case Release r when from instanceof Idle -> new Invoking(r.requestId());
            case RuntimeAnswered a when from instanceof Invoking(String id) && id.equals(a.requestId()) ->
                    new Settling(id);
            case AllParked p when from instanceof Settling -> new Idle();
            case Shutdown s when running -> new ShuttingDown(s.reason());
            case Shutdown s when from instanceof Stopped && s.reason() == ShutdownReason.SPINDOWN -> new Closed();
            case ShutdownComplete c when from instanceof ShuttingDown(ShutdownReason reason) ->
                    reason == ShutdownReason.SPINDOWN ? new Closed() : new Stopped();
            default -> null;
        };
    }
}
