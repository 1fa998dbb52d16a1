package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code TooManyRequestsException}, which Lambda sends with a lower-case {@code message} and a
 * {@code Reason}, e.g. {@code ConcurrentInvocationLimitExceeded} (§6, §6.2).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThrottleResponse(
        @JsonProperty("Type") String type,
        @JsonProperty("message") String message,
        @JsonProperty("Reason") String reason) {}
