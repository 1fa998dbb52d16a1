package dev.lamina.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.runtime.ErrorBody;
import java.io.IOException;
import java.util.regex.Pattern;

/** Error types and caller-visible error bodies (contract §1.1, §7). Bodies are parsed as JSON whatever their Content-Type. */
final class FunctionErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RECORDABLE = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");
    static final String UNKNOWN_APPLICATION_ERROR = "Unknown application error occurred";

    private FunctionErrors() {}

    /**
     * An error posted by the runtime.
     *
     * @param recordedType the sanitised type used for {@code functionError} and REPORT
     * @param callerBody   what the caller gets: the runtime's body unchanged when it is a JSON object, else one built
     *                     from the header
     */
    record Posted(String recordedType, byte[] callerBody) {}

    /** RIE's rule: record the type only if it matches {@code (Runtime|Function)\.[A-Z][a-zA-Z]+}. */
    static String sanitize(String type) {
        if (type != null && RECORDABLE.matcher(type).matches()) {
            return type;
        }
        return type != null && type.startsWith("Function.") ? ErrorType.FUNCTION_UNKNOWN.wire() : ErrorType.RUNTIME_UNKNOWN.wire();
    }

    /** @param headerType the {@code Lambda-Runtime-Function-Error-Type} header; when absent, the body's errorType */
    static Posted posted(String headerType, byte[] body) {
        JsonNode node = readObject(body);
        String raw = headerType;
        if (raw == null && node != null && node.path("errorType").isTextual()) {
            raw = node.get("errorType").asText();
        }
        String recorded = sanitize(raw);
        byte[] callerBody = node != null ? body : json(ErrorBody.of(raw != null ? raw : recorded, UNKNOWN_APPLICATION_ERROR));
        return new Posted(recorded, callerBody);
    }

    /** A platform-made error body, {@code {"errorMessage","errorType"}}. */
    static byte[] body(ErrorType type, String message) {
        return json(ErrorBody.of(type.wire(), message));
    }

    /** Platform messages read {@code RequestId: <id> Error: <text>}. */
    static byte[] platformBody(ErrorType type, String requestId, String text) {
        return body(type, "RequestId: " + requestId + " Error: " + text);
    }

    private static JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value, e);
        }
    }
}
