package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One layer version as ListLayerVersions, and ListLayers' {@code LatestMatchingVersion}, show it (§6.4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerVersionsListItem(
        @JsonProperty("LayerVersionArn") String layerVersionArn,
        @JsonProperty("Version") Long version,
        @JsonProperty("Description") String description,
        @JsonProperty("CreatedDate") String createdDate,
        @JsonProperty("CompatibleRuntimes") List<String> compatibleRuntimes,
        @JsonProperty("LicenseInfo") String licenseInfo,
        @JsonProperty("CompatibleArchitectures") List<String> compatibleArchitectures) {}
