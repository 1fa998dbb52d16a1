package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.lamina.environment.ExtensionState.LaunchError;
import dev.lamina.environment.ExtensionState.Launched;
import dev.lamina.environment.ExtensionState.Ready;
import dev.lamina.environment.ExtensionState.Registered;
import dev.lamina.environment.ExtensionState.Running;
import dev.lamina.environment.ExtensionState.ShutdownFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (state, input) pair of an extension against the expected table: a target state, or "-" (403). */
class ExtensionStateMachineTest {
    private static final String NO = "-";

    private static final List<ExtensionState> STATES = List.of(new Launched(), new Registered(), new Ready(),
            new Running(), new InitError(), new ExitError(), new ShutdownFailed(), new Exited(), new LaunchError());
    private static final List<ExtensionInput> INPUTS = List.of(new Register(), new NextCalled(), new EventDelivered(),
            new InitErrorPosted(), new ExitErrorPosted(), new LaunchFailed(), new ProcessExited(),
            new ShutdownTimedOut());

    /** Rows: state; columns in INPUTS order. */
    private static final Map<String, List<String>> TABLE = Map.of(
            "Launched", List.of("Registered", NO, NO, NO, NO, "LaunchError", "Exited", "ShutdownFailed"),
            "Registered", List.of(NO, "Ready", NO, "InitError", "ExitError", NO, "Exited", "ShutdownFailed"),
            "Ready", List.of(NO, NO, "Running", "InitError", "ExitError", NO, "Exited", "ShutdownFailed"),
            "Running", List.of(NO, "Ready", NO, NO, "ExitError", NO, "Exited", "ShutdownFailed"),
            "InitError", List.of(NO, NO, NO, NO, NO, NO, "Exited", "ShutdownFailed"),
            "ExitError", List.of(NO, NO, NO, NO, NO, NO, "Exited", "ShutdownFailed"),
            "ShutdownFailed", List.of(NO, NO, NO, NO, NO, NO, NO, NO),
            "Exited", List.of(NO, NO, NO, NO, NO, NO, NO, NO),
            "LaunchError", List.of(NO, NO, NO, NO, NO, NO, NO, NO));

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (ExtensionState state : STATES) {
            for (int i = 0; i < INPUTS.size(); i++) {
                pairs.add(Arguments.of(state, INPUTS.get(i), TABLE.get(state.name()).get(i)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("pairs")
    void transitionsMatchTheTable(ExtensionState state, ExtensionInput input, String expected) {
        ExtensionStateMachine.Outcome outcome = ExtensionStateMachine.next(state, input);
        if (expected.equals(NO)) {
            assertThat(outcome).isInstanceOf(ExtensionStateMachine.Outcome.Rejected.class);
            assertThat(((ExtensionStateMachine.Outcome.Rejected) outcome).message("x"))
                    .contains(state.name()).contains(input.name());
        } else {
            assertThat(outcome).isInstanceOf(ExtensionStateMachine.Outcome.Transition.class);
            assertThat(((ExtensionStateMachine.Outcome.Transition) outcome).to().name()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void onAppliesTransitionsAndKeepsTheStateOnRejection(List<ExtensionInput> inputs, String end) {
        ExtensionStateMachine machine = new ExtensionStateMachine("x", new Launched());
        inputs.forEach(machine::on);
        assertThat(machine.state().name()).isEqualTo(end);
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of(List.of(new Register(), new NextCalled(), new EventDelivered(), new NextCalled()), "Ready"),
                Arguments.of(List.of(new Register(), new Register(), new NextCalled(), new NextCalled()), "Ready"),
                Arguments.of(List.of(new Register(), new InitErrorPosted(), new NextCalled()), "InitError"),
                Arguments.of(List.of(new Register(), new NextCalled(), new EventDelivered(), new ShutdownTimedOut()),
                        "ShutdownFailed"));
    }
}
