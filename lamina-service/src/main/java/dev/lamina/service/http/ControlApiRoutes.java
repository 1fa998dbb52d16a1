package dev.lamina.service.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Matches a method and path to an {@link Operation} of the {@code 2015-03-31} function API. */
final class ControlApiRoutes {

    private static final String FUNCTIONS = "/2015-03-31/functions";

    /**
     * A matched route.
     *
     * @param functionName the decoded {@code {FunctionName}} path segment, or null for the collection
     */
    record Route(Operation operation, String functionName) {}

    private ControlApiRoutes() {}

    /** The route of a request; {@link Operation#UNKNOWN} when none matches. {@code uri} may carry a query. */
    static Route match(String method, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.equals(FUNCTIONS) || path.equals(FUNCTIONS + "/")) {
            return switch (method) {
                case "POST" -> new Route(Operation.CREATE_FUNCTION, null);
                case "GET" -> new Route(Operation.LIST_FUNCTIONS, null);
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
        return op == Operation.UNKNOWN ? unknown() : new Route(op, name);
    }

    private static Route unknown() {
        return new Route(Operation.UNKNOWN, null);
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
