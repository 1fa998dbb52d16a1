package dev.lamina.service.http;

import dev.lamina.service.core.LayerCommands.GetLayerVersionByArn;
import dev.lamina.service.core.LayerService;

/** GetLayerVersionByArn: {@code GET /2018-10-31/layers?find=LayerVersion&Arn=<arn>} → 200 LayerVersion. */
final class GetLayerVersionByArnHandler implements OperationHandler {

    private final LayerService layers;

    GetLayerVersionByArnHandler(LayerService layers) {
        this.layers = layers;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        GetLayerVersionByArn command = new GetLayerVersionByArn(request.queryParam("Arn"), request.baseUrl());
        return ApiResponse.json(200, Json.write(layers.getByArn(command)));
    }
}
