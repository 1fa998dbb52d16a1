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
                new WarmLatency("warm", "warm invoke latency at c=1, minimal keep-alive runtime (4 ABBA rounds × 2.5 s)",
                        () -> FunctionPackages.keepAlive("warm-ka"), deployments, true),
                new WarmLatency("warm-java", "warm invoke latency at c=1, java21 with the AWS runtime interface client (4 ABBA rounds × 2.5 s)",
                        () -> FunctionPackages.javaEcho("warm-java", workDir.resolve("java-build")), deployments,
                        false),
                new Throughput(deployments),
                new ColdStart(deployments, initDurations),
                new IdleEnvironments(deployments),
                new Extensions(deployments),
                new Telemetry());
    }
}
