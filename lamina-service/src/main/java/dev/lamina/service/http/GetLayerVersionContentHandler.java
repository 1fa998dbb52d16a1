package dev.lamina.service.http;

import dev.lamina.service.core.LayerCommands.GetLayerVersionContent;
import dev.lamina.service.core.LayerService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lamina's layer download, a layer version's {@code Content.Location}:
 * {@code GET /2018-10-31/layers/{LayerName}/versions/{VersionNumber}/content-zip} → the zip.
 */
final class GetLayerVersionContentHandler implements OperationHandler {

    private final LayerService layers;

    GetLayerVersionContentHandler(LayerService layers) {
        this.layers = layers;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        Path zip = layers.contentZip(new GetLayerVersionContent(route.layerName(), route.versionNumber()));
        try {
            return ApiResponse.empty(200).with("Content-Type", "application/zip").withBody(Files.readAllBytes(zip));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stored layer content " + zip, e);
        }
    }
}
