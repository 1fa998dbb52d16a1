package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of PublishLayerVersion, GetLayerVersion and GetLayerVersionByArn (§6.4).
 *
 * @param createdDate e.g. {@code 2018-11-14T23:03:52.894+0000}
 * @param version     1, 2, 3, ... per layer name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerVersion(
        @JsonProperty("Content") LayerVersionContentOutput content,
        @JsonProperty("LayerArn") String layerArn,
        @JsonProperty("LayerVersionArn") String layerVersionArn,
        @JsonProperty("Description") String description,
        @JsonProperty("CreatedDate") String createdDate,
        @JsonProperty("Version") Long version,
        @JsonProperty("CompatibleRuntimes") List<String> compatibleRuntimes,
        @JsonProperty("LicenseInfo") String licenseInfo,
        @JsonProperty("CompatibleArchitectures") List<String> compatibleArchitectures) {}
