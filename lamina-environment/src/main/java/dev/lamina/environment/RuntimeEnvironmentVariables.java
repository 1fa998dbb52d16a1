package dev.lamina.environment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The runtime process's environment (contract §5): the function's variables (keys starting with {@code _}
 * dropped), then the platform's, which override them except for the few a customer may set.
 *
 * <p>Built from the spec at the paths the environment's sandbox session shows (bubblewrap: {@code /var/task},
 * {@code /opt}, {@code /var/runtime}; plain sessions: the host paths). Deviation: {@code PATH} is Lambda's value
 * followed by {@code <optRoot>/bin} and the host JVM's {@code bin} (visible read-only inside bubblewrap). No
 * {@code TMPDIR} is set, as on Lambda (plain sessions add one pointing at their private directory).
 */
final class RuntimeEnvironmentVariables {
    static final String LAMBDA_PATH = "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin";
    /** Platform variables a function may override (RIE-LMI's list, plus the credentials, which we only fake). */
    private static final Set<String> OVERRIDABLE = Set.of("TZ", "LANG", "PATH", "LD_LIBRARY_PATH",
            "AWS_XRAY_CONTEXT_MISSING", "AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    private RuntimeEnvironmentVariables() {}

    static Map<String, String> of(EnvironmentSpec spec, String runtimeApi, String logStreamName) {
        Map<String, String> env = new LinkedHashMap<>();
        spec.functionEnv().forEach((k, v) -> {
            if (!k.startsWith("_")) {
                env.put(k, v);
            }
        });
        Map<String, String> platform = new LinkedHashMap<>();
        platform.put("_HANDLER", spec.handler() == null ? "" : spec.handler());
        platform.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        platform.put("LAMBDA_TASK_ROOT", spec.taskRoot().toString());
        platform.put("LAMBDA_RUNTIME_DIR", spec.runtimeDir() == null ? "/var/runtime" : spec.runtimeDir().toString());
        platform.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        platform.put("AWS_LAMBDA_FUNCTION_VERSION", spec.functionVersion());
        platform.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        platform.put("AWS_LAMBDA_LOG_GROUP_NAME", spec.logGroupName());
        platform.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName);
        platform.put("AWS_REGION", spec.region());
        platform.put("AWS_DEFAULT_REGION", spec.region());
        if (spec.executionEnv() != null) {
            platform.put("AWS_EXECUTION_ENV", spec.executionEnv());
        }
        platform.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        if (spec.jsonLogs()) { // LoggingConfig: what runtimes read to log JSON and filter by level
            platform.put("AWS_LAMBDA_LOG_FORMAT", EnvironmentSpec.JSON);
            if (spec.applicationLogLevel() != null) {
                platform.put("AWS_LAMBDA_LOG_LEVEL", spec.applicationLogLevel());
            }
        }
        platform.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        platform.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        platform.put("AWS_SESSION_TOKEN", "lamina-local-session-token");
        platform.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        platform.put("TZ", ":UTC");
        platform.put("LANG", "en_US.UTF-8");
        platform.put("PATH", path(spec));
        platform.put("LD_LIBRARY_PATH", libraryPath(spec));
        platform.forEach((k, v) -> {
            if (!(OVERRIDABLE.contains(k) && env.containsKey(k))) {
                env.put(k, v);
            }
        });
        return env;
    }

    /** Runtime-only variables that extensions do not get (contract §2, DG). */
    static final Set<String> RUNTIME_ONLY = Set.of("AWS_EXECUTION_ENV", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_XRAY_CONTEXT_MISSING", "AWS_XRAY_DAEMON_ADDRESS", "LAMBDA_RUNTIME_DIR",
            "LAMBDA_TASK_ROOT", "_AWS_XRAY_DAEMON_ADDRESS", "_AWS_XRAY_DAEMON_PORT", "_HANDLER");

    /** An external extension's environment: the runtime's minus {@link #RUNTIME_ONLY}. */
    static Map<String, String> forExtension(EnvironmentSpec spec, String runtimeApi, String logStreamName) {
        Map<String, String> env = of(spec, runtimeApi, logStreamName);
        env.keySet().removeAll(RUNTIME_ONLY);
        return env;
    }

    private static String path(EnvironmentSpec spec) {
        StringBuilder path = new StringBuilder(LAMBDA_PATH);
        if (spec.optRoot() != null) {
            path.append(':').append(spec.optRoot().resolve("bin"));
        }
        path.append(':').append(Path.of(System.getProperty("java.home"), "bin"));
        return path.toString();
    }

    private static String libraryPath(EnvironmentSpec spec) {
        String runtime = spec.runtimeDir() == null ? "/var/runtime" : spec.runtimeDir().toString();
        String opt = spec.optRoot() == null ? "/opt" : spec.optRoot().toString();
        return String.join(":", "/var/lang/lib", "/lib64", "/usr/lib64", runtime, runtime + "/lib",
                spec.taskRoot().toString(), spec.taskRoot() + "/lib", opt + "/lib");
    }
}
