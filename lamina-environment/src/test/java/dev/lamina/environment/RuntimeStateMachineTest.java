package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (state, event) pair against the expected table: a target state, or 400/403. */
class RuntimeStateMachineTest {
    private static final String ID = "id-1";
    private static final String OTHER = "id-2";
    private static final String R403 = "403";
    private static final String R400 = "400";

    private static final List<RuntimeState> STATES = List.of(new Stopped(), new Starting(), new InitErrored(),
            new Ready(), new Invoking(ID), new ResponseSent(ID));
    private static final List<RuntimeEvent> EVENTS = List.of(new Start(), new NextCalled(), new Dispatch(ID),
            new ResponsePosted(ID), new ResponsePosted(OTHER), new ErrorPosted(ID), new ErrorPosted(OTHER),
            new InitErrorPosted(), new ProcessExited(), new Reset());

    /** Rows: state; columns in EVENTS order. Values: the target state's name, or the rejection status. */
    private static final Map<String, List<String>> TABLE = Map.of(
            "Stopped", List.of("Starting", R403, R403, R403, R403, R403, R403, R403, R403, "Stopped"),
            "Starting", List.of(R403, "Ready", R403, R403, R403, R403, R403, "InitErrored", "Stopped", "Stopped"),
            "InitErrored", List.of(R403, R403, R403, R403, R403, R403, R403, R403, "Stopped", "Stopped"),
            "Ready", List.of(R403, R403, "Invoking", R403, R403, R403, R403, R403, "Stopped", "Stopped"),
            "Invoking", List.of(R403, R403, R403, "ResponseSent", R400, "ResponseSent", R400, R403, "Stopped", "Stopped"),
            "ResponseSent", List.of(R403, "Ready", R403, R403, R400, R403, R400, R403, "Stopped", "Stopped"));

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (RuntimeState state : STATES) {
            for (int i = 0; i < EVENTS.size(); i++) {
                pairs.add(Arguments.of(state, EVENTS.get(i), TABLE.get(state.name()).get(i)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("pairs")
    void everyStateEventPair(RuntimeState state, RuntimeEvent event, String expected) {
        StateOutcome outcome = RuntimeStateMachine.next(state, event);
        String actual = switch (outcome) {
            case StateOutcome.Transition t -> t.to().name();
            case StateOutcome.Rejected r -> Integer.toString(r.errorType().httpStatus());
        };
        assertThat(actual).isEqualTo(expected);
        if (outcome instanceof StateOutcome.Transition t) {
            assertThat(t.from()).isEqualTo(state);
            assertThat(t.event()).isEqualTo(event);
            if (t.to() instanceof Invoking inv) {
                assertThat(inv.requestId()).isEqualTo(ID);
            }
            if (t.to() instanceof ResponseSent sent) {
                assertThat(sent.requestId()).isEqualTo(ID);
            }
        }
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairs")
    void theMachineAppliesTransitionsAndKeepsTheStateOnRejection(RuntimeState state, RuntimeEvent event, String expected) {
        List<StateOutcome.Transition> seen = new ArrayList<>();
        RuntimeStateMachine machine = new RuntimeStateMachine(seen::add);
        drive(machine, state);
        seen.clear();
        StateOutcome outcome = machine.on(event);
        if (outcome instanceof StateOutcome.Transition t) {
            assertThat(machine.state()).isEqualTo(t.to());
            assertThat(seen).containsExactly(t);
        } else {
            assertThat(machine.state()).isEqualTo(state);
            assertThat(seen).isEmpty();
        }
    }

    /** Walks a fresh machine into {@code target} through legal events only. */
    private static void drive(RuntimeStateMachine machine, RuntimeState target) {
        List<RuntimeEvent> path = switch (target) {
            case Stopped s -> List.of();
            case Starting s -> List.of(new Start());
            case InitErrored s -> List.of(new Start(), new InitErrorPosted());
            case Ready s -> List.of(new Start(), new NextCalled());
            case Invoking s -> List.of(new Start(), new NextCalled(), new Dispatch(ID));
            case ResponseSent s -> List.of(new Start(), new NextCalled(), new Dispatch(ID), new ResponsePosted(ID));
        };
        path.forEach(e -> assertThat(machine.on(e)).isInstanceOf(StateOutcome.Transition.class));
        assertThat(machine.state()).isEqualTo(target);
    }
}
