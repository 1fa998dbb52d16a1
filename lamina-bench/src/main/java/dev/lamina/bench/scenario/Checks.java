package dev.lamina.bench.scenario;

import dev.lamina.bench.load.ClosedLoop;
import dev.lamina.bench.targets.Target;

/** Fails a scenario whose invokes failed: a figure from failing invokes would be meaningless. */
final class Checks {
    private Checks() {}

    static void noErrors(Target target, String scenario, ClosedLoop.Outcome o) {
        if (o.errors() > 0) {
            throw new IllegalStateException(scenario + " on " + target.name() + ": " + o.errors()
                    + " invokes failed, first: " + o.firstError());
        }
        if (o.completed() == 0) {
            throw new IllegalStateException(scenario + " on " + target.name() + ": no invoke completed in the window");
        }
    }
}
