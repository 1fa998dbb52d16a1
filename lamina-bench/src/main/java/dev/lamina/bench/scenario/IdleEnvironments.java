package dev.lamina.bench.scenario;

import dev.lamina.bench.load.ClosedLoop;
import dev.lamina.bench.load.HttpConnection;
import dev.lamina.bench.load.Holder;
import dev.lamina.bench.report.Result;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.bench.runtime.FunctionPackages;
import dev.lamina.bench.targets.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle warm environments held, and what each costs. Grows ONE function to as many environments as fit: invokes whose
 * event says {@code {"hold":…}} are sent in batches; each runtime answers, then
 * waits on a request to the run's {@link Holder} (no CPU) before its next {@code next}, so its environment stays busy
 * and the following invokes each need an environment of their own. The holder listens on the host's loopback; Lamina
 * forwards its port into every isolated environment ({@code --host-port}), the floor's runtimes reach it directly.
 * Growth stops at the goal (1,000), when the machine's available memory would fall below a reserve, or when the time
 * budget is spent. Then all are released at once and left idle; Lamina's heap per idle environment is the growth of
 * the (in-process, after full GC) heap divided by the environments added. The floor is grown to a smaller count for
 * its heap figure (it shares the JVM; its runtimes are the same processes).
 *
 * <p>The runtime is a curl shell {@code bootstrap} ({@link FunctionPackages#shellHold}): a dash and, while held, a
 * curl take a few MiB per environment, where the lean keep-alive JVM took ~20 and 1,000 did not fit in this machine's
 * memory (docs/benchmarks.md).
 */
final class IdleEnvironments implements Scenario {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(120);

    static final int GOAL = 1_000;
    /** Growth stops when MemAvailable would fall below this (other work shares the machine). */
    private static final long RESERVE_BYTES = 3L << 30;
    private static final int BATCH = 50;

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
        return "idle warm environments of one function held (goal 1,000; quick: 50) and Lamina's heap per idle "
                + "environment";
    }

    /** What growing one target measured. */
    private record Grown(int environments, double heapKiBPerEnv, double machineMiBPerEnv, String stoppedBy,
            long millis) {}

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        int target = ctx.quick() ? 50 : GOAL;
        Grown floor = grow(ctx.floor(), ctx.quick() ? 20 : 64, ctx.scaled(Duration.ofSeconds(30)), ctx);
        Grown lamina = grow(ctx.lamina(), target, ctx.scaled(Duration.ofSeconds(170)), ctx);
        List<Result> results = new ArrayList<>();
        results.add(Result.alone(name(), "environments held idle", lamina.environments(), "environments")
                .valueGoalAtLeast(GOAL).withNote(String.format("one function; grown in %.1f s; stopped by %s",
                        lamina.millis() / 1e3, lamina.stoppedBy())));
        results.add(Result.vsFloor(name(), "heap per idle environment", lamina.heapKiBPerEnv(), floor.heapKiBPerEnv(),
                "KiB").valueGoal(64).withNote(String.format("heap growth after full GC / environments added "
                        + "(floor: %d runtimes)", floor.environments())));
        results.add(Result.alone(name(), "machine memory per environment", lamina.machineMiBPerEnv(), "MiB")
                .withNote("drop of MemAvailable / environments added: runtime (dash, a held curl), sandbox processes, "
                        + "kernel; noisy on a shared machine"));
        return results;
    }

    private Grown grow(Target t, int want, Duration budget, BenchContext ctx) throws Exception {
        BenchFunction fn = FunctionPackages.shellHold("idle-" + t.name());
        deployments.ensure(t, fn);
        long heapBefore = heapAfterGc();
        long memBefore = memAvailable();
        int envBefore = t.environments();
        long t0 = System.nanoTime();
        long deadline = t0 + budget.toNanos();
        String stoppedBy = "the goal";
        List<Thread> callers = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        String[] firstError = new String[1];
        Holder holder = ctx.holder();
        holder.hold();
        try {
            byte[] event = ("{\"hold\":\"127.0.0.1:" + holder.port() + "\"}").getBytes(StandardCharsets.US_ASCII);
            byte[] request = HttpConnection.post(t.invokeAddress(), "/2015-03-31/functions/" + fn.name()
                    + "/invocations", event);
            // the deploy's warm invoke left one environment idle: it takes the first hold
            while (callers.size() < want) {
                long perEnv = callers.isEmpty() ? 40L << 20 : Math.max(1, memBefore - memAvailable()) / callers.size();
                if (memAvailable() - (long) Math.min(BATCH, want - callers.size()) * perEnv < RESERVE_BYTES) {
                    stoppedBy = "memory (reserve " + (RESERVE_BYTES >> 30) + " GiB)";
                    break;
                }
                if (System.nanoTime() > deadline) {
                    stoppedBy = "the time budget (" + budget.toSeconds() + " s)";
                    break;
                }
                int n = Math.min(BATCH, want - callers.size());
                for (int i = 0; i < n; i++) {
                    callers.add(Thread.ofVirtual().start(() -> {
                        try (HttpConnection c = new HttpConnection(t.invokeAddress())) {
                            String error = ClosedLoop.call(c, request);
                            if (error != null && failed.getAndIncrement() == 0) {
                                firstError[0] = error;
                            }
                        }
                    }));
                }
                if (!holder.awaitHeld(callers.size(), deadline + Duration.ofSeconds(20).toNanos())) {
                    stoppedBy = "slow starts (" + holder.held() + " of " + callers.size() + " held at the deadline)";
                    break;
                }
                ctx.log("idle: %s holds %d invokes, %d environments", t.name(), holder.held(), t.environments());
            }
        } finally {
            holder.release(); // every held runtime goes back to next: its environment is idle
        }
        for (Thread c : callers) {
            c.join();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException("idle on " + t.name() + ": " + failed.get() + " invokes failed, first: "
                    + firstError[0]);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        // the callers have their answers; the environments finish (END, REPORT) and go idle
        if (!Conditions.await(() -> t.busyEnvironments() == 0, Duration.ofSeconds(30), Duration.ofMillis(10))) {
            ctx.log("idle: %s still has %d busy environments after 30 s", t.name(), t.busyEnvironments());
        }
        int added = t.environments() - envBefore;
        int held = t.environments() - envBefore + 1; // + the deploy's environment, counted in envBefore
        long heapAfter = heapAfterGc();
        long memAfter = memAvailable();
        Grown g = new Grown(held, (heapAfter - heapBefore) / 1024.0 / Math.max(1, added),
                (memBefore - memAfter) / 1048576.0 / Math.max(1, added), stoppedBy, millis);
        ctx.log("idle: %s holds %d idle environments of one function (%d added), heap +%.0f KiB, MemAvailable "
                + "-%.0f MiB, in %d ms", t.name(), held, added, (heapAfter - heapBefore) / 1024.0,
                (memBefore - memAfter) / 1048576.0, millis);
        t.recycle(fn.name()); // frees the runtimes
        awaitClosed(t, envBefore - 1, memBefore - (memBefore - memAfter) / 10, ctx);
        return g;
    }

    /**
     * Waits (at most {@link #CLOSE_WAIT}) until the recycled environments are gone — counted out, and nine tenths of
     * the memory they took back in {@code MemAvailable} (their processes have exited): closing hundreds of them keeps
     * the machine busy for a while, which the next scenario would otherwise measure.
     */
    private static void awaitClosed(Target t, int atMost, long memAvailableTarget, BenchContext ctx) {
        long t0 = System.nanoTime();
        Conditions.await(() -> t.environments() <= atMost && memAvailable() >= memAvailableTarget, CLOSE_WAIT,
                Duration.ofMillis(100));
        ctx.log("idle: %s closed its environments in %d ms (%d left, MemAvailable %d MiB below the target)", t.name(),
                (System.nanoTime() - t0) / 1_000_000, Math.max(0, t.environments() - atMost),
                Math.max(0, memAvailableTarget - memAvailable()) >> 20);
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // a pause, not a wait: lets the Cleaner and reference handler threads run between GCs
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** {@code MemAvailable} of {@code /proc/meminfo}, in bytes. */
    private static long memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no MemAvailable in /proc/meminfo");
    }
}
