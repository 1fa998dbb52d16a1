package dev.lamina.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.protocol.control.FunctionConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Functions and their code survive a restart on the same data directory. */
class RestartTest {

    @TempDir
    Path data;

    @Test
    void functionsSurviveARestartAndCodeIsExtractedOnce() throws Exception {
        byte[] zip = TestZips.simple("persist"); // zips carry timestamps: build it once
        FunctionConfiguration created;
        Path taskRoot;
        Object extractedKey;
        try (RunningLamina first = new RunningLamina(data)) {
            created = RunningLamina.read(first.send("POST", "/2015-03-31/functions", Map.of(
                    "FunctionName", "fn", "Runtime", "provided", "Role", RunningLamina.ROLE, "Handler", "h",
                    "Timeout", 7, "Environment", Map.of("Variables", Map.of("K1", "v")),
                    "Code", Map.of("ZipFile", TestZips.base64(zip)))),
                    FunctionConfiguration.class);
            first.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes());
            taskRoot = first.environments.specs.getFirst().taskRoot();
            extractedKey = Files.readAttributes(taskRoot.resolve("bootstrap"), BasicFileAttributes.class).fileKey();
        }

        try (RunningLamina second = new RunningLamina(data)) {
            FunctionConfiguration again = RunningLamina.read(
                    second.get("/2015-03-31/functions/fn/configuration"), FunctionConfiguration.class);
            assertThat(again).isEqualTo(created);
            assertThat(second.send("POST", "/2015-03-31/functions/fn/invocations", "{\"b\":2}".getBytes()).body())
                    .asString().isEqualTo("{\"b\":2}");
            Path reused = second.environments.specs.getFirst().taskRoot();
            assertThat(reused).isEqualTo(taskRoot);
            assertThat(Files.readAttributes(reused.resolve("bootstrap"), BasicFileAttributes.class).fileKey())
                    .isEqualTo(extractedKey);
            // The same zip uploaded again is not extracted again either.
            assertThat(second.create("twin", zip).statusCode()).isEqualTo(201);
            try (var dirs = Files.list(data.resolve("code/extracted"))) {
                assertThat(dirs).hasSize(1);
            }
        }
    }
}
