package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** {@code lamina serve} as a user runs it: announces its address, serves, and stops cleanly on SIGTERM. */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("Lamina listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path tmp;

    @Test
    void servesAndStopsCleanlyOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process serve = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Dlamina.javaRuntimeLib=" + TestLamina.javaRuntimeLib(),
                "-cp", System.getProperty("java.class.path"), "dev.lamina.cli.Main",
                "serve", "--port", "0", "--data", tmp.resolve("data").toString())
                .redirectError(tmp.resolve("serve.err").toFile())
                .start();
        try {
            CompletableFuture<URI> address = new CompletableFuture<>();
            List<String> stdout = new ArrayList<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (stdout) {
                            stdout.add(line);
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (m.matches()) {
                            address.complete(URI.create(m.group(1)));
                        }
                    }
                } catch (java.io.IOException e) {
                    address.completeExceptionally(e);
                }
            });
            URI endpoint;
            try {
                endpoint = address.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("serve did not announce its address; stderr:\n"
                        + Files.readString(tmp.resolve("serve.err")), e);
            }

            List<ProcessHandle> children;
            try (LambdaClient lambda = Sdk.client(endpoint)) {
                Sdk.create(lambda, "served", "provided.al2023", "function.handler", FunctionZips.shellRuntime(tmp), 3,
                        Map.of());
                var r = Sdk.invoke(lambda, "served", "{}");
                assertThat(r.functionError()).isNull();
                // the runtime runs in a sandbox (its own pid namespace): find it among serve's descendants
                children = serve.descendants().toList();
            }
            assertThat(children).isNotEmpty();
            assertThat(Files.readString(tmp.resolve("serve.err"))).contains("Lamina sandbox: bubblewrap")
                    .contains("Lamina network: isolated") // CI runs as root: a network namespace per environment
                    .doesNotContain("restricted method"); // ./lamina enables native access for the FFM calls

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            synchronized (stdout) {
                assertThat(stdout).hasSize(1);
            }
        } finally {
            serve.destroyForcibly();
        }
    }
}
