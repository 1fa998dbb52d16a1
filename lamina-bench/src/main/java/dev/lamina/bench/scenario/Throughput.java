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
 * Throughput at concurrency c: c closed-loop callers on ONE keep-alive function. Lamina's environment pool runs as many
 * environments as the overlapping invokes need; the floor likewise starts another runtime of the function whenever an
 * invoke finds none parked. Before each level both sides are grown to what that level needs (load until the number of
 * environments stops growing), so cold starts stay out of the measured windows; the environments each side ended up
 * with are noted.
 */
final class Throughput implements Scenario {

    /** Rounds of one target at one concurrency, summed. */
    private static final class Totals {
        long completed;
        long nanos;
        int environments;
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

    private static final BenchFunction FUNCTION = FunctionPackages.keepAlive("tp");

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
        return "invokes/s with c = 1, 8, 64 closed-loop callers on one keep-alive function (quick: 1, 8)";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int[] levels = ctx.quick() ? new int[] {1, 8} : new int[] {1, 8, 64};
        Map<String, Integer> others = new HashMap<>(); // environments of other scenarios' functions, left idle
        for (Target t : ctx.targets()) {
            others.put(t.name(), t.environments());
            deployments.ensure(t, FUNCTION);
        }
        List<Result> results = new ArrayList<>();
        for (int c : levels) {
            Map<String, Totals> totals = new HashMap<>();
            for (Target t : ctx.targets()) {
                long t0 = System.nanoTime();
                int envs = grow(t, c, ctx) - others.get(t.name());
                ctx.log("throughput c=%d: %s grown to %d environments in %d ms", c, t.name(), envs,
                        (System.nanoTime() - t0) / 1_000_000);
            }
            int rounds = ctx.quick() ? 1 : 2;
            for (int round = 0; round < rounds; round++) {
                for (Target t : ctx.targets(round)) {
                    ClosedLoop.Outcome o = ClosedLoop.run(callers(t, c), ctx.scaled(Duration.ofMillis(1_000)),
                            ctx.scaled(Duration.ofMillis(3_000)), Long.MAX_VALUE);
                    Checks.noErrors(t, name(), o);
                    Totals tt = totals.computeIfAbsent(t.name(), k -> new Totals());
                    tt.add(o);
                    tt.environments = t.environments() - others.get(t.name());
                    ctx.log("throughput c=%d %s: %.0f invokes/s, p50 %.1f µs, %d environments", c, t.name(),
                            o.perSecond(), o.latencies().percentile(50) / 1e3, tt.environments);
                }
            }
            Totals lamina = totals.get(ctx.lamina().name());
            Totals floor = totals.get(ctx.floor().name());
            Result r = Result.vsFloor(name(), "c=" + c, lamina.perSecond(), floor.perSecond(), "invokes/s")
                    .withNote(String.format("environments in use: Lamina %d, floor %d", lamina.environments,
                            floor.environments));
            results.add(c == 8 ? r.ratioGoal(0.75, true) : r);
            results.add(Result.vsFloor(name(), "c=" + c + " p99", lamina.latencies.percentile(99) / 1e3,
                    floor.latencies.percentile(99) / 1e3, "µs"));
        }
        for (Target t : ctx.targets()) {
            t.recycle(FUNCTION.name()); // frees the runtimes' memory for the scenarios that follow
        }
        return results;
    }

    private static List<Caller> callers(Target t, int c) {
        return IntStream.range(0, c).mapToObj(i -> Caller.invoke(t.invokeAddress(), FUNCTION.name())).toList();
    }

    /**
     * Loads {@code t} with c callers in short bursts until its environment count stops growing (or 10 s passed), so
     * the environments that concurrency c needs are warm before the measurement.
     */
    private static int grow(Target t, int c, BenchContext ctx) throws InterruptedException {
        long deadline = System.nanoTime() + ctx.scaled(Duration.ofSeconds(10)).toNanos();
        int before = -1;
        int now = t.environments();
        while (now != before && System.nanoTime() < deadline) {
            before = now;
            ClosedLoop.Outcome o = ClosedLoop.run(callers(t, c), Duration.ZERO, Duration.ofMillis(500), Long.MAX_VALUE);
            Checks.noErrors(t, "throughput", o);
            now = t.environments();
        }
        return now;
    }
}
