package dev.lamina.bench.scenario;

import dev.lamina.bench.load.Caller;
import dev.lamina.bench.load.ClosedLoop;
import dev.lamina.bench.load.HttpConnection;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.bench.targets.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Deploys benchmark functions once per target and warms them (one invoke each, which starts the runtime). */
final class Deployments {

    private final Set<String> done = new HashSet<>();

    /** Deploys and warms many functions, a few at a time (runtime starts are CPU-bound). */
    void ensureAll(Target target, List<BenchFunction> fns) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> started = new ArrayList<>();
            for (BenchFunction fn : fns) {
                started.add(pool.submit(() -> {
                    ensure(target, fn);
                    return null;
                }));
            }
            for (Future<?> f : started) {
                f.get();
            }
        }
    }

    /** Deploys {@code fn} to {@code target} unless already there, then invokes it once. */
    void ensure(Target target, BenchFunction fn) throws Exception {
        synchronized (done) {
            if (!done.add(target.name() + "/" + fn.name())) {
                return;
            }
        }
        target.deploy(fn);
        try (HttpConnection c = new HttpConnection(target.invokeAddress())) {
            String error = ClosedLoop.call(c, Caller.invoke(target.invokeAddress(), fn.name()).request());
            if (error != null) {
                throw new IllegalStateException(target.name() + ": first invoke of " + fn.name() + " failed: " + error);
            }
        }
    }
}
