package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of ListLayerVersions, {@code GET /2018-10-31/layers/{LayerName}/versions}, newest first;
 * {@code NextMarker} is absent on the last page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListLayerVersionsResponse(
        @JsonProperty("NextMarker") String nextMarker,
        @JsonProperty("LayerVersions") List<LayerVersionsListItem> layerVersions) {}
