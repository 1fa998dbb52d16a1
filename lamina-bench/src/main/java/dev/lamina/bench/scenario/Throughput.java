package dev.lamina.bench.scenario;

import dev.lamina.bench.load.Caller;
import dev.lamina.bench.load.ClosedLoop;
import dev.lamina.bench.load.Latencies;
import dev.lamina.bench.report.Result;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.bench.runtime.FunctionPackages;
import dev.lamina.bench.targets.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Throughput at concurrency c: c closed-loop callers, caller i invoking function i (Lamina runs one environment per
 * function today, so c callers on one function would serialise); the floor gets c functions with one runtime each
 * likewise. All runtimes are the minimal keep-alive runtime.
 */
final class Throughput implements Scenario {

    /** Rounds of one target at one concurrency, summed. */
    private static final class Totals {
        long completed;
        long nanos;
        final Latencies latencies = new Latencies(4_000_000);

        void add(ClosedLoop.Outcome o) {
            completed += o.completed();
            nanos += o.windowNanos();
            latencies.addAll(o.latencies());
        }

        double perSecond() {
            return completed * 1e9 / nanos;
        }
    }

    private final Deployments deployments;

    Throughput(Deployments deployments) {
        this.deployments = deployments;
    }

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String description() {
        return "invokes/s with c = 1, 8, 64 closed-loop callers over c keep-alive functions (quick: 1, 8)";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int[] levels = ctx.quick() ? new int[] {1, 8} : new int[] {1, 8, 64};
        int max = levels[levels.length - 1];
        List<BenchFunction> fns = IntStream.range(0, max)
                .mapToObj(i -> FunctionPackages.keepAlive("tp-" + i)).toList();
        for (Target t : ctx.targets()) {
            long t0 = System.nanoTime();
            deployments.ensureAll(t, fns);
            ctx.log("throughput: %d functions deployed and warm on %s in %d ms", max, t.name(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        List<Result> results = new ArrayList<>();
        for (int c : levels) {
            Map<String, Totals> totals = new HashMap<>();
            int rounds = ctx.quick() ? 1 : 2;
            for (int round = 0; round < rounds; round++) {
                for (Target t : ctx.targets(round)) {
                    List<Caller> callers = fns.subList(0, c).stream()
                            .map(fn -> Caller.invoke(t.invokeAddress(), fn.name())).toList();
                    ClosedLoop.Outcome o = ClosedLoop.run(callers, ctx.scaled(Duration.ofMillis(1_000)),
                            ctx.scaled(Duration.ofMillis(3_000)), Long.MAX_VALUE);
                    Checks.noErrors(t, name(), o);
                    totals.computeIfAbsent(t.name(), k -> new Totals()).add(o);
                    ctx.log("throughput c=%d %s: %.0f invokes/s, p50 %.1f µs", c, t.name(), o.perSecond(),
                            o.latencies().percentile(50) / 1e3);
                }
            }
            Totals lamina = totals.get(ctx.lamina().name());
            Totals floor = totals.get(ctx.floor().name());
            Result r = Result.vsFloor(name(), "c=" + c, lamina.perSecond(), floor.perSecond(), "invokes/s");
            results.add(c == 8 ? r.ratioGoal(0.75, true) : r);
            results.add(Result.vsFloor(name(), "c=" + c + " p99", lamina.latencies.percentile(99) / 1e3,
                    floor.latencies.percentile(99) / 1e3, "µs"));
        }
        return results;
    }
}
