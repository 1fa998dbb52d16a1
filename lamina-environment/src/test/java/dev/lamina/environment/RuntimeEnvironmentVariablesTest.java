package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeEnvironmentVariablesTest {

    private static EnvironmentSpec spec(Map<String, String> functionEnv, String executionEnv) {
        return new EnvironmentSpec("fn", "7", "h.handle", "java21", Path.of("/code"), null, Path.of("/rt"),
                executionEnv, 256, Duration.ofSeconds(3), functionEnv, "eu-west-1", "000000000000");
    }

    @Test
    void platformVariablesOverrideExceptTheOverridableOnes() {
        Map<String, String> env = RuntimeEnvironmentVariables.of(spec(Map.of(
                "AWS_REGION", "mars-1", "_HANDLER", "evil", "_X", "y", "TZ", "Europe/Paris", "MY_VAR", "1",
                "AWS_ACCESS_KEY_ID", "mine"), "AWS_Lambda_java21"), "127.0.0.1:9001", "stream");
        assertThat(env).containsEntry("AWS_REGION", "eu-west-1").containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                .containsEntry("_HANDLER", "h.handle").doesNotContainKey("_X")
                .containsEntry("TZ", "Europe/Paris").containsEntry("MY_VAR", "1")
                .containsEntry("AWS_ACCESS_KEY_ID", "mine")
                .containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
                .containsEntry("LAMBDA_TASK_ROOT", "/code").containsEntry("LAMBDA_RUNTIME_DIR", "/rt")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "fn").containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "7")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/fn")
                .containsEntry("AWS_LAMBDA_LOG_STREAM_NAME", "stream")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
                .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
                .containsEntry("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR").containsEntry("LANG", "en_US.UTF-8")
                .containsKeys("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LD_LIBRARY_PATH")
                .doesNotContainKey("AWS_LAMBDA_MAX_CONCURRENCY").doesNotContainKey("TMPDIR");
        assertThat(env.get("PATH")).startsWith("/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin");
    }

    @Test
    void providedRuntimesHaveNoExecutionEnvAndDefaultRuntimeDir() {
        EnvironmentSpec spec = new EnvironmentSpec("fn", "$LATEST", "h", "provided.al2023", Path.of("/code"), null,
                null, null, 128, Duration.ofSeconds(3), Map.of(), "us-east-1", "000000000000");
        Map<String, String> env = RuntimeEnvironmentVariables.of(spec, "127.0.0.1:1", "s");
        assertThat(env).doesNotContainKey("AWS_EXECUTION_ENV").containsEntry("LAMBDA_RUNTIME_DIR", "/var/runtime")
                .containsEntry("TZ", ":UTC");
    }

    @Test
    void loggingConfigReachesTheRuntime() {
        EnvironmentSpec json = new EnvironmentSpec("fn", "$LATEST", "h", "provided.al2023", Path.of("/code"), null,
                null, null, 128, Duration.ofSeconds(3), Map.of(), "us-east-1", "000000000000", 512, "JSON", "DEBUG",
                "WARN", "/custom/group");
        assertThat(RuntimeEnvironmentVariables.of(json, "127.0.0.1:1", "s"))
                .containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON").containsEntry("AWS_LAMBDA_LOG_LEVEL", "DEBUG")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/custom/group");
        EnvironmentSpec text = new EnvironmentSpec("fn", "$LATEST", "h", "provided.al2023", Path.of("/code"), null,
                null, null, 128, Duration.ofSeconds(3), Map.of(), "us-east-1", "000000000000");
        assertThat(RuntimeEnvironmentVariables.of(text, "127.0.0.1:1", "s"))
                .doesNotContainKeys("AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL");
    }

    @Test
    void errorTypesAreSanitisedLikeRie() {
        assertThat(FunctionErrors.sanitize("Runtime.UserException")).isEqualTo("Runtime.UserException");
        assertThat(FunctionErrors.sanitize("Function.bad-type")).isEqualTo("Function.Unknown");
        assertThat(FunctionErrors.sanitize("java.lang.Error")).isEqualTo("Runtime.Unknown");
        assertThat(FunctionErrors.sanitize(null)).isEqualTo("Runtime.Unknown");
    }
}
