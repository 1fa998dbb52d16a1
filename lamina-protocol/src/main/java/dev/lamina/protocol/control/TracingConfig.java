package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code TracingConfig}: {@code {"Mode":"PassThrough"|"Active"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TracingConfig(@JsonProperty("Mode") String mode) {

    public static final TracingConfig PASS_THROUGH = new TracingConfig("PassThrough");
}
