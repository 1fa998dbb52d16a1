package dev.lamina.environment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything one execution environment needs to know about the function it runs. The environment knows
 * nothing of the registry: the control plane resolves a function version into this record.
 *
 * @param functionName    the function's name
 * @param functionVersion {@code $LATEST} or a version number
 * @param handler         the configured handler ({@code _HANDLER})
 * @param runtime         the runtime name, e.g. {@code provided.al2023} or {@code java21}
 * @param taskRoot        the extracted function code ({@code LAMBDA_TASK_ROOT})
 * @param optRoot         the merged layers ({@code /opt}); null when the function has none
 * @param runtimeDir      the managed runtime's directory holding its {@code bootstrap} ({@code LAMBDA_RUNTIME_DIR});
 *                        null for {@code provided*} runtimes
 * @param executionEnv    the value of {@code AWS_EXECUTION_ENV} (e.g. {@code AWS_Lambda_java21}); null for
 *                        {@code provided*}
 * @param memoryMb        configured memory size in MB
 * @param timeout         the function timeout
 * @param functionEnv     the function's own environment variables
 * @param region          the region, e.g. {@code us-east-1}
 * @param accountId       the 12-digit account id
 * @param ephemeralStorageMb the size of {@code /tmp} in MB (Lambda's EphemeralStorage, 512–10240)
 * @param logFormat       {@code LoggingConfig.LogFormat}: {@code Text} or {@code JSON}
 * @param applicationLogLevel {@code LoggingConfig.ApplicationLogLevel} (JSON only), or null
 * @param systemLogLevel  {@code LoggingConfig.SystemLogLevel} (JSON only: DEBUG, INFO or WARN), or null
 * @param logGroup        {@code LoggingConfig.LogGroup}, or null for {@code /aws/lambda/<name>}
 */
public record EnvironmentSpec(
        String functionName,
        String functionVersion,
        String handler,
        String runtime,
        Path taskRoot,
        Path optRoot,
        Path runtimeDir,
        String executionEnv,
        int memoryMb,
        Duration timeout,
        Map<String, String> functionEnv,
        String region,
        String accountId,
        int ephemeralStorageMb,
        String logFormat,
        String applicationLogLevel,
        String systemLogLevel,
        String logGroup) {

    /** Lambda's default {@code /tmp} size. */
    public static final int DEFAULT_EPHEMERAL_STORAGE_MB = 512;
    public static final String TEXT = "Text";
    public static final String JSON = "JSON";

    public EnvironmentSpec {
        functionEnv = Map.copyOf(functionEnv);
        if (ephemeralStorageMb <= 0) {
            throw new IllegalArgumentException("ephemeralStorageMb must be positive: " + ephemeralStorageMb);
        }
        logFormat = logFormat == null ? TEXT : logFormat;
        if (!TEXT.equals(logFormat) && !JSON.equals(logFormat)) {
            throw new IllegalArgumentException("log format: " + logFormat);
        }
    }

    /** With Lambda's defaults: a 512 MB {@code /tmp}; Text logs to {@code /aws/lambda/<name>}. */
    public EnvironmentSpec(String functionName, String functionVersion, String handler, String runtime, Path taskRoot,
            Path optRoot, Path runtimeDir, String executionEnv, int memoryMb, Duration timeout,
            Map<String, String> functionEnv, String region, String accountId) {
        this(functionName, functionVersion, handler, runtime, taskRoot, optRoot, runtimeDir, executionEnv, memoryMb,
                timeout, functionEnv, region, accountId, DEFAULT_EPHEMERAL_STORAGE_MB, TEXT, null, null, null);
    }

    /** The same function seen at other paths (the paths a sandbox session shows its processes). */
    EnvironmentSpec at(Path visibleTaskRoot, Path visibleOptRoot, Path visibleRuntimeDir) {
        return new EnvironmentSpec(functionName, functionVersion, handler, runtime, visibleTaskRoot, visibleOptRoot,
                visibleRuntimeDir, executionEnv, memoryMb, timeout, functionEnv, region, accountId, ephemeralStorageMb,
                logFormat, applicationLogLevel, systemLogLevel, logGroup);
    }

    /** The configured log group, or {@code /aws/lambda/<name>}. */
    public String logGroupName() {
        return logGroup != null ? logGroup : "/aws/lambda/" + functionName;
    }

    /** Whether the function logs JSON ({@code LoggingConfig.LogFormat = JSON}). */
    public boolean jsonLogs() {
        return JSON.equals(logFormat);
    }
}
