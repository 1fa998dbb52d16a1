package dev.lamina.bench.scenario;

import dev.lamina.bench.load.Caller;
import dev.lamina.bench.load.ClosedLoop;
import dev.lamina.bench.load.Latencies;
import dev.lamina.bench.report.Result;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.bench.targets.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Warm invoke latency at concurrency 1: one caller, one function with a warm runtime, invokes back to back. Rounds
 * alternate floor and Lamina (ABBA) so drift on the machine hits both; percentiles are over all rounds' samples.
 */
final class WarmLatency implements Scenario {

    private final String name;
    private final String description;
    private final Supplier<BenchFunction> function;
    private final Deployments deployments;
    private final boolean withGoals;

    WarmLatency(String name, String description, Supplier<BenchFunction> function, Deployments deployments,
            boolean withGoals) {
        this.name = name;
        this.description = description;
        this.function = function;
        this.deployments = deployments;
        this.withGoals = withGoals;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        BenchFunction fn = function.get();
        Map<String, Latencies> samples = new HashMap<>();
        for (Target t : ctx.targets()) {
            deployments.ensure(t, fn);
            samples.put(t.name(), new Latencies(Integer.MAX_VALUE));
        }
        int rounds = ctx.quick() ? 2 : 4;
        for (int round = 0; round < rounds; round++) {
            for (Target t : ctx.targets(round)) {
                Duration warmup = ctx.scaled(Duration.ofMillis(round == 0 ? 2_000 : 300));
                ClosedLoop.Outcome o = ClosedLoop.run(List.of(Caller.invoke(t.invokeAddress(), fn.name())), warmup,
                        ctx.scaled(Duration.ofMillis(2_500)), 200_000);
                Checks.noErrors(t, name, o);
                samples.get(t.name()).addAll(o.latencies());
                ctx.log("%s round %d %s: %d invokes, p50 %.1f µs", name, round + 1, t.name(), o.completed(),
                        o.latencies().percentile(50) / 1e3);
            }
        }
        Latencies lamina = samples.get(ctx.lamina().name());
        Latencies floor = samples.get(ctx.floor().name());
        List<Result> results = new ArrayList<>();
        for (double p : new double[] {50, 90, 99}) {
            Result r = Result.vsFloor(name, "p" + (int) p, lamina.percentile(p) / 1e3, floor.percentile(p) / 1e3, "µs");
            if (withGoals && p == 50) {
                r = r.ratioGoal(1.3, false);
            } else if (withGoals && p == 99) {
                r = r.ratioGoal(2.0, false);
            }
            results.add(r);
        }
        results.add(Result.vsFloor(name, "max", lamina.max() / 1e3, floor.max() / 1e3, "µs"));
        results.add(Result.vsFloor(name, "samples", lamina.size(), floor.size(), "invokes"));
        return results;
    }
}
