package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One layer in ListLayers: its name, ARN and the latest version that matches the request's filters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayersListItem(
        @JsonProperty("LayerName") String layerName,
        @JsonProperty("LayerArn") String layerArn,
        @JsonProperty("LatestMatchingVersion") LayerVersionsListItem latestMatchingVersion) {}
