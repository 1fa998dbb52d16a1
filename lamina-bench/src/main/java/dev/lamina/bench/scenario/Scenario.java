package dev.lamina.bench.scenario;

import dev.lamina.bench.report.Result;
import java.util.List;

/** One benchmark scenario, run against Lamina and the floor in the same run. */
public interface Scenario {

    /** The name used on the command line and in results. */
    String name();

    /** One line on what it measures. */
    String description();

    List<Result> run(BenchContext context) throws Exception;
}
