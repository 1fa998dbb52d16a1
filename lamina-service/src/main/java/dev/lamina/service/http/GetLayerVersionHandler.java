package dev.lamina.service.http;

import dev.lamina.service.core.LayerCommands.GetLayerVersion;
import dev.lamina.service.core.LayerService;

/** GetLayerVersion: {@code GET /2018-10-31/layers/{LayerName}/versions/{VersionNumber}} → 200 LayerVersion. */
final class GetLayerVersionHandler implements OperationHandler {

    private final LayerService layers;

    GetLayerVersionHandler(LayerService layers) {
        this.layers = layers;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        GetLayerVersion command = new GetLayerVersion(route.layerName(), route.versionNumber(), request.baseUrl());
        return ApiResponse.json(200, Json.write(layers.get(command)));
    }
}
