package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of FunctionConfiguration's {@code Layers}: a layer version ARN and the size of its zip. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Layer(@JsonProperty("Arn") String arn, @JsonProperty("CodeSize") Long codeSize) {}
