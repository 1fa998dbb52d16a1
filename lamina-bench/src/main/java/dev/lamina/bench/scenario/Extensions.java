package dev.lamina.bench.scenario;

import dev.lamina.bench.report.Result;
import java.util.List;

/** Invoke with one extension attached versus none: kept as a slot until Lamina runs extensions. */
final class Extensions implements Scenario {

    @Override
    public String name() {
        return "extension";
    }

    @Override
    public String description() {
        return "warm invoke p50 with one external extension versus none";
    }

    @Override
    public List<Result> run(BenchContext ctx) {
        return List.of(Result.notAvailable(name(), "p50 with 1 extension / without", "Lamina has no extensions yet"));
    }
}
