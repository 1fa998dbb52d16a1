package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lamina.service.invoke.PoolSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Environment churn leaves nothing behind: a thousand invokes with successes, function errors, crashes, timeouts,
 * concurrent bursts and code updates, then every function deleted — no process, sandbox session cgroup, scratch or
 * tmp directory, file descriptor or thread is left over.
 */
class ChurnTest {
    @TempDir
    Path tmp;

    @Test
    void churnLeavesNothingBehind() throws Exception {
        Path data = tmp.resolve("data");
        // A start slot for each of the 6 callers and more: with the default (2 per core) a cold start under load
        // could wait past the 1 s function timeout for a slot and be throttled, which is not what this test is about.
        try (TestLamina lamina = TestLamina.start(data, PoolSettings.defaults().withStartSlots(8))) {
            LambdaClient lambda = Sdk.client(lamina.endpoint());
            byte[] zip = FunctionZips.shellRuntime(Files.createDirectories(tmp.resolve("fn")));
            Sdk.create(lambda, "warmup", "provided.al2023", "h", zip, 1, Map.of());
            Sdk.invoke(lambda, "warmup", "{}"); // load every class and start every shared thread pool first
            lambda.deleteFunction(b -> b.functionName("warmup"));
            await().atMost(Duration.ofSeconds(30)).until(() -> lamina.poolStats().environments() == 0);
            long fds = openFds();
            int threads = Thread.activeCount();

            for (String name : List.of("churn-a", "churn-b")) {
                Sdk.create(lambda, name, "provided.al2023", "h", zip, 1, Map.of());
            }
            ExecutorService callers = Executors.newFixedThreadPool(6);
            try {
                for (int round = 0; round < 25; round++) { // 1,000 invokes
                    List<Future<?>> calls = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        String fn = i % 2 == 0 ? "churn-a" : "churn-b";
                        String action = switch (i % 20) {
                            case 3 -> "error";
                            case 7 -> "crash";
                            case 11 -> round % 2 == 0 ? "hang" : "print";
                            default -> "echo";
                        };
                        calls.add(callers.submit(() -> Sdk.invoke(lambda, fn, "{\"action\":\"" + action + "\"}")));
                    }
                    for (Future<?> call : calls) {
                        call.get();
                    }
                    lambda.updateFunctionCode(b -> b.functionName("churn-a").zipFile(SdkBytes.fromByteArray(zip)));
                }
            } finally {
                callers.shutdown();
            }
            assertThat(lamina.poolStats().created()).isGreaterThan(10);

            lambda.deleteFunction(b -> b.functionName("churn-a"));
            lambda.deleteFunction(b -> b.functionName("churn-b"));

            lambda.close(); // its pooled keep-alive connections are fds of this JVM too, on both ends
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(lamina.poolStats().environments()).isZero();
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
                assertThat(children(data.resolve("sandbox"))).isEmpty();
                assertThat(sessionCgroups()).isEmpty();
                // log stream files stay open in the log store, which bounds them (an LRU of 64): not counted here
                assertThat(openFds()).isLessThanOrEqualTo(fds + 2);
                assertThat(fdTargets().stream().filter(t -> t.contains("/data/logs/")).count()).isLessThanOrEqualTo(64);
                assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads + 8);
            });
        }
    }

    private static List<String> fdTargets() throws IOException {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    targets.add(Files.readSymbolicLink(p).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return targets;
    }

    /** Open file descriptors of this JVM, except the log store's stream files (counted separately). */
    private static long openFds() throws IOException {
        return fdTargets().stream().filter(t -> !t.contains("/data/logs/")).count();
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /**
     * This JVM's session cgroups ({@code <own>/lamina/<this pid>-<session>}), in every v1 hierarchy: another Lamina in
     * the same cgroup (a bench, another test JVM) has its own pid prefix.
     */
    private static List<Path> sessionCgroups() throws IOException {
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3 || parts[1].isEmpty() || parts[1].startsWith("name=")) {
                continue;
            }
            Path lamina = Path.of("/sys/fs/cgroup", parts[1].split(",")[0], parts[2], "lamina");
            if (Files.isDirectory(lamina)) {
                try (Stream<Path> s = Files.list(lamina)) {
                    String mine = ProcessHandle.current().pid() + "-";
                    s.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith(mine))
                            .forEach(found::add);
                }
            }
        }
        return found;
    }
}
