package dev.lamina.service.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.service.core.LaminaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Checks of Invoke's inputs made at the edge, before the command exists (§6.2). */
public final class InvokeInputs {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String BAD_CLIENT_CONTEXT = "Client context must be a valid Base64-encoded JSON object.";

    private InvokeInputs() {}

    /** An invoke payload must be JSON (any value) or empty. */
    public static void requireJsonPayload(byte[] payload) {
        if (payload.length == 0) {
            return;
        }
        try {
            JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw LaminaException.invalidContent(
                    "Could not parse request body into json: Could not parse payload into json: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw LaminaException.invalidContent("Could not parse request body into json: " + e.getMessage());
        }
    }

    /** Decodes {@code X-Amz-Client-Context}: base64 of a JSON object; null when absent. */
    public static String decodeClientContext(String header) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        try {
            String json = new String(Base64.getDecoder().decode(header.strip()), StandardCharsets.UTF_8);
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw LaminaException.invalidContent(BAD_CLIENT_CONTEXT);
            }
            return json;
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw LaminaException.invalidContent(BAD_CLIENT_CONTEXT);
        }
    }
}
