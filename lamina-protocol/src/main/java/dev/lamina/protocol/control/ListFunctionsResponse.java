package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer of ListFunctions; {@code NextMarker} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListFunctionsResponse(
        @JsonProperty("NextMarker") String nextMarker,
        @JsonProperty("Functions") List<FunctionConfiguration> functions) {}
