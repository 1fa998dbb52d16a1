package dev.lamina.bench;

import dev.lamina.bench.lamina.InProcessLamina;
import dev.lamina.bench.load.Holder;
import dev.lamina.bench.lamina.ReportLines;
import dev.lamina.bench.report.Report;
import dev.lamina.bench.report.Result;
import dev.lamina.bench.report.RunInfo;
import dev.lamina.bench.scenario.BenchContext;
import dev.lamina.bench.scenario.InitDurations;
import dev.lamina.bench.scenario.Scenario;
import dev.lamina.bench.scenario.Scenarios;
import dev.lamina.bench.targets.FloorTarget;
import dev.lamina.bench.targets.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the chosen scenarios against an in-process Lamina and the floor, then prints one table. */
@Command(name = "lamina bench", mixinStandardHelpOptions = true,
        description = "Measures Lamina against the physical floor (same machine, same run). "
                + "Run `lamina bench jmh -h` for the method-level JMH suite.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "SCENARIO",
            description = "scenarios to run (default: all): warm, warm-java, throughput, cold, idle, extension")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
    Path json;

    @Option(names = "--quick", description = "smoke-test sizing: short windows, fewer iterations, no c=64")
    boolean quick;

    @Option(names = "--list", description = "list the scenarios and exit")
    boolean list;

    @Option(names = "--aa", description = "A/A calibration: a second floor stands in for Lamina, so every ratio "
            + "shows the harness's own noise")
    boolean aa;

    @Option(names = "--work", paramLabel = "DIR", description = "scratch directory (default: a new temp dir)")
    Path work;

    @Override
    public Integer call() throws Exception {
        Path workDir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("lamina-bench-");
        System.setProperty("lamina.bench.work", workDir.toString());
        List<Scenario> catalogue = Scenarios.all(workDir, aa ? InitDurations.NONE : ReportLines.attach());
        if (list) {
            catalogue.forEach(s -> System.out.printf("%-11s %s%n", s.name(), s.description()));
            return 0;
        }
        List<Scenario> chosen = choose(catalogue);
        Path repo = Path.of(System.getProperty("lamina.home", "."));
        Path ricLib = javaRuntimeLib();
        RunInfo info = RunInfo.current(repo, quick ? "quick" : "default", aa);
        List<Result> results = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Holder holder = Holder.open();
                Target floor = FloorTarget.start("floor", workDir.resolve("floor"), ricLib);
                Target lamina = aa ? FloorTarget.start("floor-b", workDir.resolve("floor-b"), ricLib)
                        : InProcessLamina.start(workDir.resolve("lamina-data"), ricLib,
                                Files.createDirectories(workDir.resolve("zips")), List.of(holder.port()))) {
            BenchContext ctx = new BenchContext(lamina, floor, quick, workDir, System.err, holder);
            for (Scenario s : chosen) {
                ctx.log("scenario %s: %s", s.name(), s.description());
                results.addAll(s.run(ctx));
            }
        }
        Report report = new Report(info, results);
        System.out.println();
        System.out.print(report.table());
        System.out.printf("%n(%d s; work dir %s)%n", (System.nanoTime() - t0) / 1_000_000_000, workDir);
        if (json != null) {
            report.writeJson(json);
        }
        return 0;
    }

    private List<Scenario> choose(List<Scenario> catalogue) {
        if (scenarios.isEmpty()) {
            return catalogue;
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : scenarios) {
            chosen.add(catalogue.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + name + "; try --list")));
        }
        return chosen;
    }

    /** The runtime interface client's jars, from {@code -Dlamina.javaRuntimeLib}; null when unset or missing. */
    private static Path javaRuntimeLib() {
        String dir = System.getProperty("lamina.javaRuntimeLib");
        return dir != null && Files.isDirectory(Path.of(dir)) ? Path.of(dir).toAbsolutePath() : null;
    }
}
