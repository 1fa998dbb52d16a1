package dev.lamina.environment.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.environment.telemetry.PlatformEvent.EventCategory;
import dev.lamina.protocol.telemetry.SchemaVersion;
import dev.lamina.protocol.telemetry.TelemetryApi;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a subscribe body completely (style P3) before any state changes: schema version, types, buffering
 * ranges and destination (contract §3.1). Members Lamina does not know are ignored, as RIE-LMI's schema allows.
 * The body is parsed as JSON whatever its {@code Content-Type} (real-clients.md §8).
 */
final class SubscribeRequestValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A valid spec, or the message of the first problem found. */
    sealed interface Result {}

    record Valid(SubscriptionSpec spec) implements Result {}

    record Invalid(String message) implements Result {}

    private SubscribeRequestValidator() {}

    static Result validate(SubscriptionApi api, byte[] body) {
        try {
            return new Valid(parse(api, body));
        } catch (Problem p) {
            return new Invalid(p.getMessage());
        }
    }

    private static SubscriptionSpec parse(SubscriptionApi api, byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Problem("Invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Problem("Invalid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Problem("Invalid JSON: the request body must be a JSON object");
        }
        SchemaVersion schema = schema(api, root.get("schemaVersion"));
        List<String> types = new ArrayList<>();
        Set<EventCategory> categories = EnumSet.noneOf(EventCategory.class);
        JsonNode typesNode = root.get("types");
        if (typesNode == null || !typesNode.isArray() || typesNode.isEmpty()) {
            throw new Problem("types: must be a non-empty array of platform, function, extension");
        }
        for (JsonNode t : typesNode) {
            EventCategory c = t.isTextual() ? EventCategory.fromWire(t.asText()) : null;
            if (c == null) {
                throw new Problem("types: unknown type " + t + "; expected platform, function or extension");
            }
            if (categories.add(c)) {
                types.add(c.wire());
            }
        }
        JsonNode buffering = root.get("buffering");
        if (buffering != null && !buffering.isNull() && !buffering.isObject()) {
            throw new Problem("buffering: must be an object");
        }
        int maxItems = limit(buffering, "maxItems", TelemetryApi.MAX_ITEMS_DEFAULT, TelemetryApi.MAX_ITEMS_MIN,
                TelemetryApi.MAX_ITEMS_MAX);
        int maxBytes = limit(buffering, "maxBytes", TelemetryApi.MAX_BYTES_DEFAULT, TelemetryApi.MAX_BYTES_MIN,
                TelemetryApi.MAX_BYTES_MAX);
        int timeoutMs = limit(buffering, "timeoutMs", TelemetryApi.TIMEOUT_MS_DEFAULT, TelemetryApi.TIMEOUT_MS_MIN,
                TelemetryApi.TIMEOUT_MS_MAX);
        return new SubscriptionSpec(api, schema, List.copyOf(types), Set.copyOf(categories), maxItems, maxBytes,
                timeoutMs, destination(root.get("destination")));
    }

    private static SchemaVersion schema(SubscriptionApi api, JsonNode node) {
        if (node == null || node.isNull()) {
            if (api == SubscriptionApi.LOGS) {
                return SchemaVersion.V2020_08_15;
            }
            throw new Problem("schemaVersion: required; one of 2022-07-01, 2022-12-13, 2025-01-29");
        }
        SchemaVersion v = node.isTextual() ? SchemaVersion.fromWire(node.asText()).orElse(null) : null;
        if (v == null || !api.accepts(v)) {
            throw new Problem("schemaVersion: " + node + " is not supported by the " + api.displayName()
                    + (api == SubscriptionApi.LOGS ? "; use 2020-08-15 or 2021-03-18"
                            : "; use 2022-07-01, 2022-12-13 or 2025-01-29"));
        }
        return v;
    }

    private static int limit(JsonNode buffering, String name, int defaultValue, int min, int max) {
        JsonNode node = buffering == null ? null : buffering.get(name);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw new Problem("buffering." + name + ": " + node + " is out of range; must be an integer from "
                    + min + " to " + max);
        }
        return node.intValue();
    }

    private static SubscriptionSpec.Destination destination(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new Problem("destination: required object with protocol HTTP and URI, or protocol TCP and port");
        }
        JsonNode protocol = node.get("protocol");
        String p = protocol != null && protocol.isTextual() ? protocol.asText() : null;
        if (TelemetryApi.PROTOCOL_HTTP.equals(p)) {
            return http(node.get("URI"));
        }
        if (TelemetryApi.PROTOCOL_TCP.equals(p)) {
            JsonNode port = node.get("port");
            if (port == null || !port.isIntegralNumber() || !port.canConvertToInt() || port.intValue() < 1
                    || port.intValue() > 65535) {
                throw new Problem("destination.port: must be an integer from 1 to 65535");
            }
            return new SubscriptionSpec.Tcp(port.intValue());
        }
        throw new Problem("destination.protocol: " + protocol + " is not supported; use HTTP or TCP");
    }

    private static SubscriptionSpec.Http http(JsonNode node) {
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw new Problem("destination.URI: required for protocol HTTP");
        }
        String text = node.asText();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new Problem("destination.URI: " + text + " is not a valid URI");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new Problem("destination.URI: " + text + " must use http");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!TelemetryApi.SANDBOX_HOSTS.contains(host)) {
            throw new Problem("destination.URI: host must be sandbox.localdomain");
        }
        if (uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new Problem("destination.URI: " + text + " must name a port from 1 to 65535");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new SubscriptionSpec.Http(text, uri.getPort(), pathAndQuery);
    }

    /** A validation failure; never escapes this class. */
    private static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
