package dev.lamina.service.http;

import dev.lamina.service.core.LayerCommands.DeleteLayerVersion;
import dev.lamina.service.core.LayerService;

/** DeleteLayerVersion: {@code DELETE /2018-10-31/layers/{LayerName}/versions/{VersionNumber}} → 204. */
final class DeleteLayerVersionHandler implements OperationHandler {

    private final LayerService layers;

    DeleteLayerVersionHandler(LayerService layers) {
        this.layers = layers;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        layers.delete(new DeleteLayerVersion(route.layerName(), route.versionNumber()));
        return ApiResponse.empty(204);
    }
}
