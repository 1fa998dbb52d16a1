package dev.lamina.service.http;

import dev.lamina.protocol.control.PublishLayerVersionRequest;
import dev.lamina.service.core.LayerCommands.PublishLayerVersion;
import dev.lamina.service.core.LayerService;

/** PublishLayerVersion: {@code POST /2018-10-31/layers/{LayerName}/versions} → 201 LayerVersion. */
final class PublishLayerVersionHandler implements OperationHandler {

    private final LayerService layers;

    PublishLayerVersionHandler(LayerService layers) {
        this.layers = layers;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        PublishLayerVersionRequest body = Json.read(request.body(), PublishLayerVersionRequest.class);
        PublishLayerVersion command = new PublishLayerVersion(route.layerName(), body, request.baseUrl());
        return ApiResponse.json(201, Json.write(layers.publish(command)));
    }
}
