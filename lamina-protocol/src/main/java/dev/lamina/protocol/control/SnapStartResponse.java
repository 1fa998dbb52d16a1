package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code SnapStart} as a configuration reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapStartResponse(
        @JsonProperty("ApplyOn") String applyOn, @JsonProperty("OptimizationStatus") String optimizationStatus) {

    public static final SnapStartResponse OFF = new SnapStartResponse("None", "Off");
}
