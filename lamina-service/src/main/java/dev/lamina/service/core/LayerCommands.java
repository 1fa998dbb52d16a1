package dev.lamina.service.core;

import dev.lamina.protocol.control.PublishLayerVersionRequest;

/** The commands {@link LayerService} takes: one record per control-plane operation on layers. */
public final class LayerCommands {
    private LayerCommands() {}

    /** A command to the layer service. */
    public sealed interface LayerCommand
            permits PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers, ListLayerVersions,
                    DeleteLayerVersion, GetLayerVersionContent {}

    /**
     * @param layerName   the {@code {LayerName}} path segment: a name or a layer ARN
     * @param codeBaseUrl the base URL the content download location is built on, e.g. {@code http://127.0.0.1:9001}
     */
    public record PublishLayerVersion(String layerName, PublishLayerVersionRequest request, String codeBaseUrl)
            implements LayerCommand {}

    /** @param versionNumber the {@code {VersionNumber}} path segment, as sent */
    public record GetLayerVersion(String layerName, String versionNumber, String codeBaseUrl) implements LayerCommand {}

    public record GetLayerVersionByArn(String arn, String codeBaseUrl) implements LayerCommand {}

    /** Filters and paging of ListLayers; null members were not given. */
    public record ListLayers(String compatibleRuntime, String compatibleArchitecture, String marker, String maxItems)
            implements LayerCommand {}

    public record ListLayerVersions(String layerName, String compatibleRuntime, String compatibleArchitecture,
            String marker, String maxItems) implements LayerCommand {}

    public record DeleteLayerVersion(String layerName, String versionNumber) implements LayerCommand {}

    /** Lamina's own: the zip of a layer version, served at its {@code Content.Location}. */
    public record GetLayerVersionContent(String layerName, String versionNumber) implements LayerCommand {}
}
