package dev.lamina.bench.scenario;

import dev.lamina.bench.runtime.FunctionPackages;
import java.nio.file.Path;
import java.util.List;

/** The scenario catalogue, in run order. */
public final class Scenarios {
    private Scenarios() {}

    public static List<Scenario> all(Path workDir, InitDurations initDurations) {
        Deployments deployments = new Deployments();
        return List.of(
                new WarmLatency("warm", "warm invoke latency at c=1, minimal keep-alive runtime (3 rounds × 3 s)",
                        () -> FunctionPackages.keepAlive("warm-ka"), deployments, true),
                new WarmLatency("warm-java", "warm invoke latency at c=1, java21 with the AWS runtime interface client",
                        () -> FunctionPackages.javaEcho("warm-java", workDir.resolve("java-build")), deployments,
                        false),
                new Throughput(deployments),
                new ColdStart(deployments, initDurations),
                new IdleEnvironments(deployments),
                new Extensions());
    }
}
