package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** GetFunction's {@code Code}: where the deployment package can be downloaded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionCodeLocation(
        @JsonProperty("RepositoryType") String repositoryType, @JsonProperty("Location") String location) {}
