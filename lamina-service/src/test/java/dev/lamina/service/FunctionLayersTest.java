package dev.lamina.service;

import static dev.lamina.service.RunningLamina.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.environment.EnvironmentSpec;
import dev.lamina.protocol.control.FunctionConfiguration;
import dev.lamina.protocol.control.Layer;
import dev.lamina.protocol.control.LayerVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Functions with layers: their configuration shows them and their environment gets the merged {@code /opt}. */
class FunctionLayersTest {

    @TempDir
    Path data;

    @TempDir
    Path work;

    private RunningLamina lamina;
    private LayerVersion first;
    private LayerVersion second;

    @BeforeEach
    void start() throws Exception {
        lamina = new RunningLamina(data);
        Path one = Files.createDirectories(work.resolve("one"));
        Files.writeString(one.resolve("bootstrap"), "#!/bin/sh\necho from layer one\n");
        Files.setPosixFilePermissions(one.resolve("bootstrap"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(one.resolve("shared.txt"), "one");
        Files.createDirectories(one.resolve("lib"));
        Files.writeString(one.resolve("lib/one.so"), "one");
        Path two = Files.createDirectories(work.resolve("two"));
        Files.writeString(two.resolve("shared.txt"), "two");
        Files.createDirectories(two.resolve("lib"));
        Files.writeString(two.resolve("lib/two.so"), "two");
        first = read(lamina.publishLayer("one", TestZips.zipDirectory(one, work.resolve("one.zip"))), LayerVersion.class);
        second = read(lamina.publishLayer("two", TestZips.zipDirectory(two, work.resolve("two.zip"))), LayerVersion.class);
    }

    @AfterEach
    void stop() {
        lamina.close();
    }

    @Test
    void optHoldsTheLayersMergedInOrderAndIsBuiltOncePerLayerList() throws Exception {
        FunctionConfiguration created = read(lamina.create("fn", TestZips.simple("fn"),
                List.of(first.layerVersionArn(), second.layerVersionArn())), FunctionConfiguration.class);

        assertThat(created.layers()).containsExactly(
                new Layer(first.layerVersionArn(), first.content().codeSize()),
                new Layer(second.layerVersionArn(), second.content().codeSize()));
        assertThat(read(lamina.get("/2015-03-31/functions/fn"), dev.lamina.protocol.control.GetFunctionResponse.class)
                .configuration().layers()).isEqualTo(created.layers());
        assertThat(lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes()).statusCode())
                .isEqualTo(200);
        Path opt = lamina.environments.specs.getFirst().optRoot();
        assertThat(opt).isNotNull();
        assertThat(opt.getParent()).isEqualTo(data.resolve("code/opt").toAbsolutePath());
        assertThat(opt.resolve("shared.txt")).content().isEqualTo("two");
        assertThat(opt.resolve("lib/one.so")).content().isEqualTo("one");
        assertThat(opt.resolve("lib/two.so")).content().isEqualTo("two");
        assertThat(Files.getPosixFilePermissions(opt.resolve("bootstrap"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.getPosixFilePermissions(opt.resolve("shared.txt"))).doesNotContain(
                PosixFilePermission.OWNER_EXECUTE);

        lamina.create("twin", TestZips.simple("twin"), List.of(first.layerVersionArn(), second.layerVersionArn()));
        lamina.send("POST", "/2015-03-31/functions/twin/invocations", "{}".getBytes());
        assertThat(lamina.environments.specs.get(1).optRoot()).isEqualTo(opt);
        try (var dirs = Files.list(data.resolve("code/opt"))) {
            assertThat(dirs).hasSize(1);
        }

        // The other order is another /opt, where layer one's file wins.
        lamina.create("reversed", TestZips.simple("r"), List.of(second.layerVersionArn(), first.layerVersionArn()));
        lamina.send("POST", "/2015-03-31/functions/reversed/invocations", "{}".getBytes());
        Path reversed = lamina.environments.specs.get(2).optRoot();
        assertThat(reversed).isNotEqualTo(opt);
        assertThat(reversed.resolve("shared.txt")).content().isEqualTo("one");
    }

    @Test
    void functionsWithoutLayersHaveNoOptAndOmitLayers() {
        FunctionConfiguration created = read(lamina.create("fn", TestZips.simple("fn")), FunctionConfiguration.class);
        assertThat(created.layers()).isNull();
        lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes());
        assertThat(lamina.environments.specs.getFirst().optRoot()).isNull();
    }

    @Test
    void updateConfigurationReplacesTheLayersAndRetiresTheEnvironment() {
        lamina.create("fn", TestZips.simple("fn"), List.of(first.layerVersionArn()));
        lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes());
        assertThat(lamina.environments.specs.getFirst().optRoot().resolve("shared.txt")).content().isEqualTo("one");

        FunctionConfiguration replaced = read(lamina.send("PUT", "/2015-03-31/functions/fn/configuration",
                Map.of("Layers", List.of(second.layerVersionArn()))), FunctionConfiguration.class);
        assertThat(replaced.layers()).extracting(Layer::arn).containsExactly(second.layerVersionArn());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lamina.environments.closes.get() == 1);
        lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes());
        assertThat(lamina.environments.specs.get(1).optRoot().resolve("shared.txt")).content().isEqualTo("two");

        // Another setting leaves the layers as they are.
        FunctionConfiguration kept = read(lamina.send("PUT", "/2015-03-31/functions/fn/configuration",
                Map.of("Timeout", 9)), FunctionConfiguration.class);
        assertThat(kept.layers()).isEqualTo(replaced.layers());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lamina.environments.closes.get() == 2);

        FunctionConfiguration cleared = read(lamina.send("PUT", "/2015-03-31/functions/fn/configuration",
                Map.of("Layers", List.of())), FunctionConfiguration.class);
        assertThat(cleared.layers()).isNull();
        lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes());
        EnvironmentSpec last = lamina.environments.specs.getLast();
        assertThat(lamina.environments.specs).hasSize(3);
        assertThat(last.optRoot()).isNull();
    }
}
