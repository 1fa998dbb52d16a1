package dev.lamina.service.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Matches a method and path to an {@link Operation} of the function ({@code 2015-03-31}), reserved concurrency
 * ({@code 2017-10-31} Put/Delete, {@code 2019-09-30} Get) or layer API.
 */
final class ControlApiRoutes {

    private static final String FUNCTIONS = "/2015-03-31/functions";
    private static final String LAYERS = "/2018-10-31/layers";
    private static final String CONCURRENCY_PUT_DELETE = "/2017-10-31/functions/";
    private static final String CONCURRENCY_GET = "/2019-09-30/functions/";

    private ControlApiRoutes() {}

    /**
     * The route of a request; {@link Operation#UNKNOWN} when none matches. {@code uri} may carry a query; a
     * {@code GET} of the layer collection is ListLayers here (see {@link #match(String, String, String)}).
     */
    static Route match(String method, String uri) {
        return match(method, uri, null);
    }

    /**
     * @param find the {@code find} query parameter: {@code LayerVersion} makes a {@code GET} of the layer collection
     *             GetLayerVersionByArn
     */
    static Route match(String method, String uri, String find) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.equals(LAYERS) || path.equals(LAYERS + "/") || path.startsWith(LAYERS + "/")) {
            return matchLayers(method, path, find);
        }
        if (path.startsWith(CONCURRENCY_PUT_DELETE) || path.startsWith(CONCURRENCY_GET)) {
            return matchConcurrency(method, path);
        }
        if (path.equals(FUNCTIONS) || path.equals(FUNCTIONS + "/")) {
            return switch (method) {
                case "POST" -> Route.function(Operation.CREATE_FUNCTION, null);
                case "GET" -> Route.function(Operation.LIST_FUNCTIONS, null);
                default -> unknown();
            };
        }
        if (!path.startsWith(FUNCTIONS + "/")) {
            return unknown();
        }
        String[] parts = path.substring(FUNCTIONS.length() + 1).split("/", -1);
        if (parts[0].isEmpty() || parts.length > 2) {
            return unknown();
        }
        String name = decode(parts[0]);
        String sub = parts.length == 2 ? parts[1] : null;
        Operation op = switch (sub == null ? method : method + " " + sub) {
            case "GET" -> Operation.GET_FUNCTION;
            case "DELETE" -> Operation.DELETE_FUNCTION;
            case "GET configuration" -> Operation.GET_FUNCTION_CONFIGURATION;
            case "PUT configuration" -> Operation.UPDATE_FUNCTION_CONFIGURATION;
            case "PUT code" -> Operation.UPDATE_FUNCTION_CODE;
            case "GET code-zip" -> Operation.GET_FUNCTION_CODE;
            case "POST invocations" -> Operation.INVOKE;
            default -> Operation.UNKNOWN;
        };
        return op == Operation.UNKNOWN ? unknown() : Route.function(op, name);
    }

    /** {@code /2017-10-31/functions/{name}/concurrency} (PUT, DELETE) and {@code /2019-09-30/...} (GET). */
    private static Route matchConcurrency(String method, String path) {
        boolean get = path.startsWith(CONCURRENCY_GET);
        String[] parts = path.substring((get ? CONCURRENCY_GET : CONCURRENCY_PUT_DELETE).length()).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || !parts[1].equals("concurrency")) {
            return unknown();
        }
        Operation op = switch (method) {
            case "GET" -> get ? Operation.GET_FUNCTION_CONCURRENCY : Operation.UNKNOWN;
            case "PUT" -> get ? Operation.UNKNOWN : Operation.PUT_FUNCTION_CONCURRENCY;
            case "DELETE" -> get ? Operation.UNKNOWN : Operation.DELETE_FUNCTION_CONCURRENCY;
            default -> Operation.UNKNOWN;
        };
        return op == Operation.UNKNOWN ? unknown() : Route.function(op, decode(parts[0]));
    }

    /** {@code /2018-10-31/layers[/{LayerName}/versions[/{VersionNumber}[/content-zip]]]}. */
    private static Route matchLayers(String method, String path, String find) {
        String rest = path.length() <= LAYERS.length() + 1 ? "" : path.substring(LAYERS.length() + 1);
        if (rest.isEmpty()) {
            if (!method.equals("GET")) {
                return unknown();
            }
            return Route.layer("LayerVersion".equals(find) ? Operation.GET_LAYER_VERSION_BY_ARN : Operation.LIST_LAYERS,
                    null, null);
        }
        String[] parts = rest.split("/", -1);
        if (parts.length < 2 || parts.length > 4 || parts[0].isEmpty() || !parts[1].equals("versions")) {
            return unknown();
        }
        String layer = decode(parts[0]);
        if (parts.length == 2) {
            return switch (method) {
                case "POST" -> Route.layer(Operation.PUBLISH_LAYER_VERSION, layer, null);
                case "GET" -> Route.layer(Operation.LIST_LAYER_VERSIONS, layer, null);
                default -> unknown();
            };
        }
        String version = decode(parts[2]);
        if (version.isEmpty()) {
            return unknown();
        }
        Operation op = switch (parts.length == 4 ? method + " " + parts[3] : method) {
            case "GET" -> Operation.GET_LAYER_VERSION;
            case "DELETE" -> Operation.DELETE_LAYER_VERSION;
            case "GET content-zip" -> Operation.GET_LAYER_VERSION_CONTENT;
            default -> Operation.UNKNOWN;
        };
        return op == Operation.UNKNOWN ? unknown() : Route.layer(op, layer, version);
    }

    private static Route unknown() {
        return Route.function(Operation.UNKNOWN, null);
    }

    /** Percent-decodes a path segment ({@code +} stays a plus). */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
