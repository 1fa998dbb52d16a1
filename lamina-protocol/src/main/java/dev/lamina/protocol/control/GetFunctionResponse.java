package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The answer of GetFunction, {@code GET /2015-03-31/functions/{name}}; {@code Concurrency} only when the function has
 * reserved concurrency.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetFunctionResponse(
        @JsonProperty("Configuration") FunctionConfiguration configuration,
        @JsonProperty("Code") FunctionCodeLocation code,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("Concurrency") FunctionConcurrency concurrency) {}
