package dev.lamina.service;

import static dev.lamina.service.RunningLamina.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.protocol.control.FunctionConfiguration;
import dev.lamina.protocol.control.Layer;
import dev.lamina.protocol.control.LayerVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers survive a restart, and a deleted layer version keeps working for the functions that use it. */
class LayerRestartTest {

    @TempDir
    Path data;

    @Test
    void aFunctionKeepsItsDeletedLayerAcrossARestart() throws Exception {
        String arn;
        Path opt;
        try (RunningLamina first = new RunningLamina(data)) {
            LayerVersion v1 = read(first.publishLayer("tools", TestZips.of(Map.of("bin/tool", "tool v1"))),
                    LayerVersion.class);
            arn = v1.layerVersionArn();
            assertThat(first.create("fn", TestZips.simple("fn"), List.of(arn)).statusCode()).isEqualTo(201);
            assertThat(first.send("DELETE", "/2018-10-31/layers/tools/versions/1", (byte[]) null).statusCode())
                    .isEqualTo(204);
            first.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes());
            opt = first.environments.specs.getFirst().optRoot();
            assertThat(opt.resolve("bin/tool")).content().isEqualTo("tool v1");
        }

        try (RunningLamina second = new RunningLamina(data)) {
            RunningLamina.assertError(second.get("/2018-10-31/layers/tools/versions/1"), 404,
                    "ResourceNotFoundException");
            FunctionConfiguration config = read(second.get("/2015-03-31/functions/fn/configuration"),
                    FunctionConfiguration.class);
            assertThat(config.layers()).extracting(Layer::arn).containsExactly(arn);
            assertThat(second.send("POST", "/2015-03-31/functions/fn/invocations", "{\"a\":1}".getBytes()).statusCode())
                    .isEqualTo(200);
            Path again = second.environments.specs.getFirst().optRoot();
            assertThat(again).isEqualTo(opt);
            assertThat(again.resolve("bin/tool")).content().isEqualTo("tool v1");

            // Even if the merged directory is lost, it is built again from the stored content.
            deleteTree(again);
            second.send("PUT", "/2015-03-31/functions/fn/configuration", Map.of("Timeout", 5));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> second.environments.closes.get() == 1);
            second.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes());
            assertThat(second.environments.specs.getLast().optRoot().resolve("bin/tool")).content().isEqualTo("tool v1");

            // Version numbers are not reused after a restart either.
            assertThat(read(second.publishLayer("tools", TestZips.of(Map.of("bin/tool", "v2"))), LayerVersion.class)
                    .version()).isEqualTo(2L);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
