package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A layer version's {@code Content}: where its zip can be downloaded, and the zip's SHA-256 (base64) and size.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerVersionContentOutput(
        @JsonProperty("Location") String location,
        @JsonProperty("CodeSha256") String codeSha256,
        @JsonProperty("CodeSize") Long codeSize) {}
