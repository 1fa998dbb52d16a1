package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of every control-plane error but throttling: {@code {"Type":"User"|"Service","Message":"..."}}; the
 * error type itself travels in the {@code X-Amzn-ErrorType} header (§6).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(@JsonProperty("Type") String type, @JsonProperty("Message") String message) {}
