package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (state, input) pair of the environment lifecycle against the expected table: a target, or "-". */
class EnvironmentLifecycleTest {
    private static final String NO = "-";
    private static final String ID = "id-1";

    private static final List<EnvironmentState> STATES = List.of(new Stopped(), new LaunchingExtensions(),
            new StartingRuntime(), new AwaitingExtensions(), new Idle(), new Invoking(ID), new Settling(ID),
            new ShuttingDown(ShutdownReason.TIMEOUT), new ShuttingDown(ShutdownReason.SPINDOWN), new Closed());
    private static final List<EnvironmentInput> INPUTS = List.of(new Init(), new ExtensionsRegistered(),
            new RuntimeReady(), new ExtensionsReady(), new Release(ID), new RuntimeAnswered(ID),
            new RuntimeAnswered("other"), new AllParked(), new Shutdown(ShutdownReason.FAILURE),
            new Shutdown(ShutdownReason.SPINDOWN), new ShutdownComplete());

    private static final String DOWN_F = "ShuttingDown(failure)";
    private static final String DOWN_S = "ShuttingDown(spindown)";

    /** Rows in STATES order; columns in INPUTS order. */
    private static final List<List<String>> TABLE = List.of(
            List.of("LaunchingExtensions", NO, NO, NO, NO, NO, NO, NO, NO, "Closed", NO),
            List.of(NO, "StartingRuntime", NO, NO, NO, NO, NO, NO, DOWN_F, DOWN_S, NO),
            List.of(NO, NO, "AwaitingExtensions", NO, NO, NO, NO, NO, DOWN_F, DOWN_S, NO),
            List.of(NO, NO, NO, "Idle", NO, NO, NO, NO, DOWN_F, DOWN_S, NO),
            List.of(NO, NO, NO, NO, "Invoking", NO, NO, NO, DOWN_F, DOWN_S, NO),
            List.of(NO, NO, NO, NO, NO, "Settling", NO, NO, DOWN_F, DOWN_S, NO),
            List.of(NO, NO, NO, NO, NO, NO, NO, "Idle", DOWN_F, DOWN_S, NO),
            List.of(NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, "Stopped"),
            List.of(NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, "Closed"),
            List.of(NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO));

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (int s = 0; s < STATES.size(); s++) {
            for (int i = 0; i < INPUTS.size(); i++) {
                pairs.add(Arguments.of(STATES.get(s), INPUTS.get(i), TABLE.get(s).get(i)));
            }
        }
        return pairs.stream();
    }

    private static String label(EnvironmentState state) {
        return state instanceof ShuttingDown(ShutdownReason reason)
                ? "ShuttingDown(" + reason.wire() + ")" : state.name();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("pairs")
    void transitionsMatchTheTable(EnvironmentState state, EnvironmentInput input, String expected) {
        EnvironmentState to = EnvironmentLifecycle.next(state, input);
        assertThat(to == null ? NO : label(to)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void recordsTheExactPath(String name, List<EnvironmentInput> inputs, List<String> path) {
        List<String> recorded = new ArrayList<>();
        EnvironmentLifecycle lifecycle = new EnvironmentLifecycle(t -> recorded.add(label(t.to())));
        inputs.forEach(lifecycle::on);
        assertThat(recorded).containsExactlyElementsOf(path);
    }

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("init, two invokes, spindown", List.of(new Init(), new ExtensionsRegistered(),
                        new RuntimeReady(), new ExtensionsReady(), new Release(ID), new RuntimeAnswered(ID),
                        new AllParked(), new Release("id-2"), new RuntimeAnswered("id-2"), new AllParked(),
                        new Shutdown(ShutdownReason.SPINDOWN), new ShutdownComplete()),
                        List.of("LaunchingExtensions", "StartingRuntime", "AwaitingExtensions", "Idle", "Invoking",
                                "Settling", "Idle", "Invoking", "Settling", "Idle", DOWN_S, "Closed")),
                Arguments.of("init failure and retry", List.of(new Init(), new Shutdown(ShutdownReason.FAILURE),
                        new ShutdownComplete(), new Init()),
                        List.of("LaunchingExtensions", DOWN_F, "Stopped", "LaunchingExtensions")));
    }
}
