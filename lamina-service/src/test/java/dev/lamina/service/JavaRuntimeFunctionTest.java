package dev.lamina.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.environment.EnvironmentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A java21 function gets the managed runtime directory and AWS_EXECUTION_ENV in its environment spec. */
class JavaRuntimeFunctionTest {

    @TempDir
    Path data;

    @Test
    void javaFunctionsRunOnTheManagedRuntime() throws Exception {
        try (RunningLamina lamina = new RunningLamina(data)) {
            assertThat(lamina.send("POST", "/2015-03-31/functions", Map.of("FunctionName", "j", "Runtime", "java21",
                    "Role", RunningLamina.ROLE, "Handler", "example.Handler::handleRequest", "MemorySize", 512,
                    "Code", Map.of("ZipFile", TestZips.base64(TestZips.of(Map.of("example/Handler.class", "x"))))))
                    .statusCode()).isEqualTo(201);
            assertThat(lamina.send("POST", "/2015-03-31/functions/j/invocations", "{}".getBytes()).statusCode())
                    .isEqualTo(200);

            EnvironmentSpec spec = lamina.environments.specs.getFirst();
            assertThat(spec.runtime()).isEqualTo("java21");
            assertThat(spec.executionEnv()).isEqualTo("AWS_Lambda_java21");
            assertThat(spec.runtimeDir()).isEqualTo(data.toAbsolutePath().resolve("runtimes/java21"));
            assertThat(Files.isExecutable(spec.runtimeDir().resolve("bootstrap"))).isTrue();
            assertThat(spec.handler()).isEqualTo("example.Handler::handleRequest");
            assertThat(spec.memoryMb()).isEqualTo(512);
            assertThat(spec.functionVersion()).isEqualTo("$LATEST");
            assertThat(spec.region()).isEqualTo("us-east-1");
            assertThat(spec.accountId()).isEqualTo("000000000000");
            assertThat(spec.taskRoot().resolve("example/Handler.class")).exists();
        }
    }
}
