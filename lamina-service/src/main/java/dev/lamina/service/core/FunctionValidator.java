package dev.lamina.service.core;

import dev.lamina.protocol.control.LoggingConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.protocol.ErrorType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Lambda's rules for function settings (§5, §6.4). Each check throws a {@link LaminaException} naming the value. */
final class FunctionValidator {

    static final int DEFAULT_TIMEOUT = 3;
    static final int DEFAULT_MEMORY = 128;
    static final int DEFAULT_EPHEMERAL = 512;
    static final String DEFAULT_ARCHITECTURE = "x86_64";
    /** The largest zip a request may carry: 50 MB (§5). */
    static final int MAX_ZIP_BYTES = 50 * 1024 * 1024;

    private static final Pattern ROLE = Pattern.compile("arn:aws[a-zA-Z-]*:iam::\\d{12}:role/.+");
    private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");
    private static final Pattern HANDLER = Pattern.compile("[^\\s]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Variables the platform sets, which a function may not (§5). */
    private static final Set<String> RESERVED = Set.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    private FunctionValidator() {}

    static String role(String role) {
        if (role == null) {
            throw LaminaException.constraint(null, "role", "Member must not be null");
        }
        if (!ROLE.matcher(role).matches()) {
            throw LaminaException.constraint(role, "role",
                    "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
        }
        return role;
    }

    static String handler(String handler) {
        if (handler.length() > 128) {
            throw LaminaException.constraint(handler, "handler", "Member must have length less than or equal to 128");
        }
        if (!HANDLER.matcher(handler).matches()) {
            throw LaminaException.constraint(handler, "handler", "Member must satisfy regular expression pattern: [^\\s]+");
        }
        return handler;
    }

    static int timeout(Integer timeout) {
        int t = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (t < 1 || t > 900) {
            throw LaminaException.constraint(t, "timeout",
                    t < 1 ? "Member must have value greater than or equal to 1"
                            : "Member must have value less than or equal to 900");
        }
        return t;
    }

    /** BOTO's {@code LogGroup} pattern (CloudWatch Logs' group names). */
    private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]+");
    private static final java.util.Set<String> LOG_LEVELS = java.util.Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR",
            "FATAL");

    /**
     * {@code LoggingConfig} (issue 4, part 1): {@code requested} over {@code current} (null members keep the current
     * value). {@code LogFormat} is {@code Text} or {@code JSON}; the levels need JSON and default to INFO there.
     */
    static LoggingConfig logging(LoggingConfig requested, LoggingConfig current, String functionName) {
        LoggingConfig base = current == null ? LoggingConfig.text(functionName) : current;
        if (requested == null) {
            return base;
        }
        String format = requested.logFormat() == null ? base.logFormat() : requested.logFormat();
        if (!LoggingConfig.TEXT.equals(format) && !LoggingConfig.JSON.equals(format)) {
            throw LaminaException.constraint(format, "loggingConfig.logFormat",
                    "Member must satisfy enum value set: [JSON, Text]");
        }
        String app = level(requested.applicationLogLevel(), "applicationLogLevel");
        String system = level(requested.systemLogLevel(), "systemLogLevel");
        if (LoggingConfig.TEXT.equals(format)) {
            if (app != null || system != null) {
                throw LaminaException.invalidParameter(
                        "Log level can only be set when LogFormat is JSON (ApplicationLogLevel, SystemLogLevel).");
            }
        } else {
            app = app != null ? app : base.applicationLogLevel() != null ? base.applicationLogLevel() : "INFO";
            system = system != null ? system : base.systemLogLevel() != null ? base.systemLogLevel() : "INFO";
        }
        String group = requested.logGroup() == null ? base.logGroup() : requested.logGroup();
        if (group == null || group.isEmpty() || group.length() > 512) {
            throw LaminaException.constraint(group, "loggingConfig.logGroup",
                    "Member must have length between 1 and 512");
        }
        if (!LOG_GROUP.matcher(group).matches()) {
            throw LaminaException.constraint(group, "loggingConfig.logGroup",
                    "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
        return new LoggingConfig(format, app, system, group);
    }

    private static String level(String level, String member) {
        if (level != null && !LOG_LEVELS.contains(level)) {
            throw LaminaException.constraint(level, "loggingConfig." + member,
                    "Member must satisfy enum value set: [TRACE, DEBUG, INFO, WARN, ERROR, FATAL]");
        }
        return level;
    }

    static int memory(Integer memory) {
        int m = memory == null ? DEFAULT_MEMORY : memory;
        if (m < 128 || m > 10240) {
            throw LaminaException.constraint(m, "memorySize",
                    m < 128 ? "Member must have value greater than or equal to 128"
                            : "Member must have value less than or equal to 10240");
        }
        return m;
    }

    static int ephemeral(Integer size) {
        int s = size == null ? DEFAULT_EPHEMERAL : size;
        if (s < 512 || s > 10240) {
            throw LaminaException.constraint(s, "ephemeralStorage.size",
                    s < 512 ? "Member must have value greater than or equal to 512"
                            : "Member must have value less than or equal to 10240");
        }
        return s;
    }

    static String description(String description) {
        String d = description == null ? "" : description;
        if (d.length() > 256) {
            throw LaminaException.constraint(d, "description", "Member must have length less than or equal to 256");
        }
        return d;
    }

    static String architecture(List<String> architectures, String current) {
        if (architectures == null) {
            return current;
        }
        if (architectures.size() != 1) {
            throw LaminaException.constraint(architectures, "architectures",
                    "Member must have length less than or equal to 1 and greater than or equal to 1");
        }
        String a = architectures.getFirst();
        if (!"x86_64".equals(a) && !"arm64".equals(a)) {
            throw LaminaException.constraint(architectures, "architectures",
                    "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]");
        }
        return a;
    }

    static Map<String, String> environment(Map<String, String> variables) {
        if (variables == null) {
            return Map.of();
        }
        Set<String> reserved = new TreeSet<>();
        for (Map.Entry<String, String> e : variables.entrySet()) {
            if (!ENV_KEY.matcher(e.getKey()).matches()) {
                throw LaminaException.constraint(e.getKey(), "environment.variables",
                        "Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+");
            }
            if (e.getValue() == null) {
                throw LaminaException.constraint(null, "environment.variables." + e.getKey(), "Member must not be null");
            }
            if (RESERVED.contains(e.getKey())) {
                reserved.add(e.getKey());
            }
        }
        if (!reserved.isEmpty()) {
            throw LaminaException.invalidParameter("Lambda was unable to configure your environment variables because "
                    + "the environment variables you have provided contains reserved keys that are currently not "
                    + "supported for modification. Reserved keys used in this request: " + String.join(", ", reserved));
        }
        int size = jsonSize(variables);
        if (size > 4096) {
            throw LaminaException.invalidParameter("Lambda was unable to configure your environment variables because "
                    + "the environment variables you have provided exceeded the 4KB limit. String measured: "
                    + size + " bytes");
        }
        return Map.copyOf(variables);
    }

    /** Decodes {@code ZipFile}; refuses what is not base64 or larger than 50 MB. */
    static byte[] zipFile(String base64) {
        byte[] zip;
        try {
            zip = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw LaminaException.invalidContent("Could not parse request body into json: ZipFile is not valid base64");
        }
        if (zip.length > MAX_ZIP_BYTES) {
            throw new LaminaException(ErrorType.REQUEST_TOO_LARGE,
                    "Zipped size must be smaller than " + MAX_ZIP_BYTES + " bytes");
        }
        return zip;
    }

    /** Refuses S3 and image code sources, which Lamina does not support. */
    static void zipOnly(String s3Bucket, String s3Key, String s3ObjectVersion, String imageUri, String zipFile) {
        if (s3Bucket != null || s3Key != null || s3ObjectVersion != null) {
            throw LaminaException.invalidParameter(
                    "Lamina does not support S3 code locations (S3Bucket, S3Key, S3ObjectVersion); upload the zip as ZipFile.");
        }
        if (imageUri != null) {
            throw LaminaException.invalidParameter("Lamina supports only PackageType Zip; ImageUri is not supported.");
        }
        if (zipFile == null) {
            throw LaminaException.invalidParameter("Please provide a source for function code: ZipFile is required.");
        }
    }

    private static int jsonSize(Map<String, String> variables) {
        try {
            return JSON.writeValueAsString(variables).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map always serialises", e);
        }
    }
}
