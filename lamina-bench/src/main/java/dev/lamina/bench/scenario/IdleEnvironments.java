package dev.lamina.bench.scenario;

import dev.lamina.bench.report.Result;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.bench.runtime.FunctionPackages;
import dev.lamina.bench.targets.Target;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Idle environments held, and the heap each costs: deploys and warms K keep-alive functions on a target, leaves them
 * idle, and divides the growth of the (in-process, after full GC) heap by K. Lamina and the floor run in the same JVM,
 * one after the other.
 */
final class IdleEnvironments implements Scenario {

    private final Deployments deployments;

    IdleEnvironments(Deployments deployments) {
        this.deployments = deployments;
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String description() {
        return "idle warm environments held (K = 32, quick: 4) and heap per environment";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int k = ctx.quick() ? 4 : 32;
        List<BenchFunction> fns = IntStream.range(0, k).mapToObj(i -> FunctionPackages.keepAlive("idle-" + i)).toList();
        double[] perEnv = new double[2];
        int i = 0;
        for (Target t : ctx.targets()) {
            long before = heapAfterGc();
            deployments.ensureAll(t, fns);
            long after = heapAfterGc();
            perEnv[i++] = (after - before) / 1024.0 / k;
            ctx.log("idle: %d environments on %s, heap +%.0f KiB", k, t.name(), (after - before) / 1024.0);
        }
        List<Result> results = new ArrayList<>();
        results.add(Result.vsFloor(name(), "environments held idle", k, k, "environments")
                .withNote("not yet: one environment per function (no pool), so K functions"));
        results.add(Result.vsFloor(name(), "heap per environment", perEnv[1], perEnv[0], "KiB")
                .withNote("heap growth after full GC / K, code store and registry included"));
        return results;
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
