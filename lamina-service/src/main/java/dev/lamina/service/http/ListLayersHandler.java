package dev.lamina.service.http;

import dev.lamina.service.core.LayerCommands.ListLayers;
import dev.lamina.service.core.LayerService;

/**
 * ListLayers: {@code GET /2018-10-31/layers?CompatibleRuntime=&CompatibleArchitecture=&Marker=&MaxItems=} → 200
 * {NextMarker, Layers}.
 */
final class ListLayersHandler implements OperationHandler {

    private final LayerService layers;

    ListLayersHandler(LayerService layers) {
        this.layers = layers;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        ListLayers command = new ListLayers(request.queryParam("CompatibleRuntime"),
                request.queryParam("CompatibleArchitecture"), request.queryParam("Marker"),
                request.queryParam("MaxItems"));
        return ApiResponse.json(200, Json.write(layers.list(command)));
    }
}
