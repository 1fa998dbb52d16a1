package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of UpdateFunctionConfiguration, {@code PUT /2015-03-31/functions/{name}/configuration} (§6.4). A null
 * member leaves that setting unchanged; an empty {@code Layers} removes all layers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateFunctionConfigurationRequest(
        @JsonProperty("Role") String role,
        @JsonProperty("Handler") String handler,
        @JsonProperty("Description") String description,
        @JsonProperty("Timeout") Integer timeout,
        @JsonProperty("MemorySize") Integer memorySize,
        @JsonProperty("Environment") EnvironmentVariables environment,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("EphemeralStorage") EphemeralStorage ephemeralStorage,
        @JsonProperty("Layers") List<String> layers,
        @JsonProperty("RevisionId") String revisionId,
        @JsonProperty("LoggingConfig") LoggingConfig loggingConfig) {

    /** Leaves {@code LoggingConfig} unchanged. */
    public UpdateFunctionConfigurationRequest(String role, String handler, String description, Integer timeout,
            Integer memorySize, EnvironmentVariables environment, String runtime, EphemeralStorage ephemeralStorage,
            List<String> layers, String revisionId) {
        this(role, handler, description, timeout, memorySize, environment, runtime, ephemeralStorage, layers,
                revisionId, null);
    }
}
