package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer of ListLayers, {@code GET /2018-10-31/layers}; {@code NextMarker} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListLayersResponse(
        @JsonProperty("NextMarker") String nextMarker,
        @JsonProperty("Layers") List<LayersListItem> layers) {}
