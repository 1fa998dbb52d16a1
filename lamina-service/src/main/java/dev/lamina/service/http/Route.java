package dev.lamina.service.http;

/**
 * A request matched to its operation by {@link ControlApiRoutes}, with its decoded path parameters.
 *
 * @param functionName  the {@code {FunctionName}} path segment; null when the path has none
 * @param layerName     the {@code {LayerName}} path segment; null when the path has none
 * @param versionNumber the {@code {VersionNumber}} path segment of a layer version; null when the path has none
 */
record Route(Operation operation, String functionName, String layerName, String versionNumber) {

    static Route function(Operation operation, String functionName) {
        return new Route(operation, functionName, null, null);
    }

    static Route layer(Operation operation, String layerName, String versionNumber) {
        return new Route(operation, null, layerName, versionNumber);
    }
}
