package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A function's configuration as GetFunctionConfiguration, CreateFunction and the updates return it (§6.4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionConfiguration(
        @JsonProperty("FunctionName") String functionName,
        @JsonProperty("FunctionArn") String functionArn,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("Role") String role,
        @JsonProperty("Handler") String handler,
        @JsonProperty("CodeSize") Long codeSize,
        @JsonProperty("Description") String description,
        @JsonProperty("Timeout") Integer timeout,
        @JsonProperty("MemorySize") Integer memorySize,
        @JsonProperty("LastModified") String lastModified,
        @JsonProperty("CodeSha256") String codeSha256,
        @JsonProperty("Version") String version,
        @JsonProperty("Environment") EnvironmentVariables environment,
        @JsonProperty("TracingConfig") TracingConfig tracingConfig,
        @JsonProperty("RevisionId") String revisionId,
        @JsonProperty("Layers") List<Layer> layers,
        @JsonProperty("State") String state,
        @JsonProperty("LastUpdateStatus") String lastUpdateStatus,
        @JsonProperty("PackageType") String packageType,
        @JsonProperty("Architectures") List<String> architectures,
        @JsonProperty("EphemeralStorage") EphemeralStorage ephemeralStorage,
        @JsonProperty("SnapStart") SnapStartResponse snapStart,
        @JsonProperty("LoggingConfig") LoggingConfig loggingConfig) {}
