package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The body of CreateFunction, {@code POST /2015-03-31/functions} (§6.4). Absent members are null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateFunctionRequest(
        @JsonProperty("FunctionName") String functionName,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("Role") String role,
        @JsonProperty("Handler") String handler,
        @JsonProperty("Code") FunctionCode code,
        @JsonProperty("Description") String description,
        @JsonProperty("Timeout") Integer timeout,
        @JsonProperty("MemorySize") Integer memorySize,
        @JsonProperty("Publish") Boolean publish,
        @JsonProperty("PackageType") String packageType,
        @JsonProperty("Environment") EnvironmentVariables environment,
        @JsonProperty("Layers") List<String> layers,
        @JsonProperty("Architectures") List<String> architectures,
        @JsonProperty("EphemeralStorage") EphemeralStorage ephemeralStorage,
        @JsonProperty("TracingConfig") TracingConfig tracingConfig,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("LoggingConfig") LoggingConfig loggingConfig) {

    /** Without {@code LoggingConfig} (Lambda's default, Text). */
    public CreateFunctionRequest(String functionName, String runtime, String role, String handler, FunctionCode code,
            String description, Integer timeout, Integer memorySize, Boolean publish, String packageType,
            EnvironmentVariables environment, List<String> layers, List<String> architectures,
            EphemeralStorage ephemeralStorage, TracingConfig tracingConfig, Map<String, String> tags) {
        this(functionName, runtime, role, handler, code, description, timeout, memorySize, publish, packageType,
                environment, layers, architectures, ephemeralStorage, tracingConfig, tags, null);
    }
}
