package dev.lamina.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where and when a run happened: date, machine (cores, memory, OS), JDK, and the commit of the Lamina measured.
 *
 * @param date     ISO instant of the run's start
 * @param cores    available processors
 * @param memoryGb physical memory
 * @param os       OS name, version and architecture
 * @param jdk      the JDK running Lamina and the floor
 * @param jvmFlags the JVM's input arguments
 * @param commit   {@code git describe} of the working tree, {@code -dirty} when it has uncommitted changes
 * @param mode     {@code default} or {@code quick}, plus {@code A/A} when a second floor stood in for Lamina
 */
public record RunInfo(String date, int cores, double memoryGb, String os, String jdk, List<String> jvmFlags,
        String commit, String mode) {

    public static RunInfo current(Path repo, String sizing, boolean aa) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new RunInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Runtime.getRuntime().availableProcessors(),
                Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024) * 10) / 10.0,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList(),
                commit(repo), aa ? sizing + ", A/A (floor vs floor)" : sizing);
    }

    private static String commit(Path repo) {
        try {
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "describe", "--always", "--dirty")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
