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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold start of a shell {@code bootstrap} (curl): the latency of an invoke that needs a new environment. Each
 * iteration recycles the function on both targets (Lamina: UpdateFunctionConfiguration; floor: kill the runtime),
 * waits until the old environment is gone, then times one invoke. The floor starts the same bootstrap with the same
 * variables and hands it the event, so Lamina's own share is Lamina's cold start minus the floor's.
 */
final class ColdStart implements Scenario {

    /** The longest wait for the recycled environment to be gone before the next cold start is timed. */
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

    private final Deployments deployments;
    private final InitDurations initDurations;

    ColdStart(Deployments deployments, InitDurations initDurations) {
        this.deployments = deployments;
        this.initDurations = initDurations;
    }

    @Override
    public String name() {
        return "cold";
    }

    @Override
    public String description() {
        return "cold start (new environment) of a curl shell bootstrap, 20 iterations (quick: 3)";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        BenchFunction fn = FunctionPackages.shell("cold-sh");
        Map<String, Latencies> samples = new HashMap<>();
        Map<String, HttpConnection> connections = new HashMap<>();
        for (Target t : ctx.targets()) {
            deployments.ensure(t, fn);
            samples.put(t.name(), new Latencies(1000));
            connections.put(t.name(), new HttpConnection(t.invokeAddress()));
        }
        int iterations = ctx.quick() ? 3 : 20;
        initDurations.reset();
        try {
            for (int i = 0; i < iterations; i++) {
                for (Target t : ctx.targets(i)) {
                    int before = t.environments(); // the function's last environment is among them
                    t.recycle(fn.name());
                    if (!Conditions.await(() -> t.environments() < before, SETTLE_WAIT, Duration.ofMillis(5))) {
                        ctx.log("cold: %s still has its old environment after %d s", t.name(),
                                SETTLE_WAIT.toSeconds());
                    }
                    byte[] request = Caller.invoke(t.invokeAddress(), fn.name()).request();
                    long t0 = System.nanoTime();
                    String error = ClosedLoop.call(connections.get(t.name()), request);
                    long t1 = System.nanoTime();
                    if (error != null) {
                        throw new IllegalStateException("cold start on " + t.name() + " failed: " + error);
                    }
                    samples.get(t.name()).add(t1 - t0);
                }
            }
        } finally {
            connections.values().forEach(HttpConnection::close);
        }
        Latencies lamina = samples.get(ctx.lamina().name());
        Latencies floor = samples.get(ctx.floor().name());
        ctx.log("cold: lamina p50 %.1f ms, floor p50 %.1f ms", lamina.percentile(50) / 1e6, floor.percentile(50) / 1e6);
        List<Result> results = new ArrayList<>();
        results.add(Result.vsFloor(name(), "p50", lamina.percentile(50) / 1e6, floor.percentile(50) / 1e6, "ms"));
        results.add(Result.vsFloor(name(), "p90", lamina.percentile(90) / 1e6, floor.percentile(90) / 1e6, "ms"));
        double share = (lamina.percentile(50) - floor.percentile(50)) / 1e6;
        results.add(Result.alone(name(), "Lamina's own share p50", share, "ms").valueGoal(10)
                .withNote("Lamina p50 − floor p50"));
        Latencies init = initDurations.samples();
        Latencies first = initDurations.firstInvokeDurations();
        if (init.size() > 0) {
            double initMs = init.percentile(50) / 1e6;
            double firstMs = first.percentile(50) / 1e6;
            results.add(Result.alone(name(), "├ Init Duration p50 (REPORT)", initMs, "ms")
                    .withNote("runtime process start → its first next, as Lamina reports it"));
            Latencies sandbox = initDurations.phase("sandbox");
            if (sandbox.size() > 0) {
                results.add(Result.alone(name(), "│ ├ sandbox set-up p50", sandbox.percentile(50) / 1e6, "ms")
                        .withNote("session opened on the cold path (0 when one was prepared ahead of demand)"));
                results.add(Result.alone(name(), "│ ├ process start p50",
                        initDurations.phase("process").percentile(50) / 1e6, "ms")
                        .withNote("the runtime's start in the sandbox, until it leads its own process group"));
                results.add(Result.alone(name(), "│ └ time to first next p50",
                        initDurations.phase("next").percentile(50) / 1e6, "ms")
                        .withNote("runtime started → its first next (the bootstrap's own start: sh and curl)"));
            }
            results.add(Result.alone(name(), "├ Duration p50 (REPORT)", firstMs, "ms")
                    .withNote("event handed to the runtime → its response"));
            results.add(Result.alone(name(), "└ rest p50", lamina.percentile(50) / 1e6 - initMs - firstMs, "ms")
                    .withNote("p50 − the two above: control plane, environment creation before the process "
                            + "starts, response back to the caller"));
        } else {
            results.add(Result.notAvailable(name(), "Init Duration p50 (REPORT)", initDurations.unavailableReason()));
        }
        return results;
    }
}
