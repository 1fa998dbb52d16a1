package dev.lamina.service.http;

import dev.lamina.service.core.LayerCommands.ListLayerVersions;
import dev.lamina.service.core.LayerService;

/**
 * ListLayerVersions: {@code GET /2018-10-31/layers/{LayerName}/versions?CompatibleRuntime=&CompatibleArchitecture=
 * &Marker=&MaxItems=} → 200 {NextMarker, LayerVersions}, newest first.
 */
final class ListLayerVersionsHandler implements OperationHandler {

    private final LayerService layers;

    ListLayerVersionsHandler(LayerService layers) {
        this.layers = layers;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        ListLayerVersions command = new ListLayerVersions(route.layerName(), request.queryParam("CompatibleRuntime"),
                request.queryParam("CompatibleArchitecture"), request.queryParam("Marker"),
                request.queryParam("MaxItems"));
        return ApiResponse.json(200, Json.write(layers.listVersions(command)));
    }
}
