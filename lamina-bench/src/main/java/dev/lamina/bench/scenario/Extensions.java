package dev.lamina.bench.scenario;

import dev.lamina.bench.load.Caller;
import dev.lamina.bench.load.ClosedLoop;
import dev.lamina.bench.load.HttpConnection;
import dev.lamina.bench.load.Latencies;
import dev.lamina.bench.report.Result;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.bench.runtime.FunctionPackages;
import dev.lamina.bench.targets.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Warm invoke latency at concurrency 1 with one external extension attached versus none (issue 6). The extension
 * ({@code KeepAliveExtension}, from a layer) subscribes to INVOKE and answers each event at once, so the difference
 * is what the platform adds: the INVOKE event to deliver, and the extension's {@code next} to wait for before the
 * environment is free again. Three legs alternate each round (floor, Lamina without, Lamina with, then reversed):
 * the floor runs no extensions and is shown for scale; the goal-less ratio that matters is with / without.
 */
final class Extensions implements Scenario {

    private static final String WITH = "ext-ka";

    private final Deployments deployments;

    Extensions(Deployments deployments) {
        this.deployments = deployments;
    }

    @Override
    public String name() {
        return "extension";
    }

    @Override
    public String description() {
        return "warm invoke latency at c=1 with one external extension versus none (keep-alive runtime and extension)";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        BenchFunction plain = FunctionPackages.keepAlive("warm-ka");
        for (Target t : ctx.targets()) {
            deployments.ensure(t, plain);
        }
        Target lamina = ctx.lamina();
        lamina.deployWithLayer(FunctionPackages.keepAlive(WITH), FunctionPackages.extensionLayer());
        try (HttpConnection c = new HttpConnection(lamina.invokeAddress())) {
            String error = ClosedLoop.call(c, Caller.invoke(lamina.invokeAddress(), WITH).request());
            if (error != null) {
                throw new IllegalStateException("first invoke of " + WITH + " failed: " + error);
            }
        }
        record Leg(String label, Target target, String function, Latencies samples) {}
        List<Leg> legs = List.of(new Leg("floor", ctx.floor(), plain.name(), new Latencies(Integer.MAX_VALUE)),
                new Leg("lamina without", lamina, plain.name(), new Latencies(Integer.MAX_VALUE)),
                new Leg("lamina with 1 extension", lamina, WITH, new Latencies(Integer.MAX_VALUE)));
        int rounds = ctx.quick() ? 2 : 4;
        for (int round = 0; round < rounds; round++) {
            List<Leg> order = new ArrayList<>(legs);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Leg leg : order) {
                Duration warmup = ctx.scaled(Duration.ofMillis(round == 0 ? 1_000 : 300));
                ClosedLoop.Outcome o = ClosedLoop.run(
                        List.of(Caller.invoke(leg.target().invokeAddress(), leg.function())), warmup,
                        ctx.scaled(Duration.ofMillis(2_000)), 200_000);
                Checks.noErrors(leg.target(), name(), o);
                leg.samples().addAll(o.latencies());
                ctx.log("extension round %d %s: %d invokes, p50 %.1f µs", round + 1, leg.label(), o.completed(),
                        o.latencies().percentile(50) / 1e3);
            }
        }
        Latencies floor = legs.get(0).samples();
        Latencies without = legs.get(1).samples();
        Latencies with = legs.get(2).samples();
        List<Result> results = new ArrayList<>();
        for (double p : new double[] {50, 99}) {
            results.add(Result.vsFloor(name(), "p" + (int) p + " without extension",
                    without.percentile(p) / 1e3, floor.percentile(p) / 1e3, "µs"));
            results.add(Result.vsFloor(name(), "p" + (int) p + " with 1 extension",
                    with.percentile(p) / 1e3, floor.percentile(p) / 1e3, "µs"));
        }
        results.add(Result.alone(name(), "p50 with 1 extension / without",
                with.percentile(50) / without.percentile(50), "×"));
        return results;
    }
}
