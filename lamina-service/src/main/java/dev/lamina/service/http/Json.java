package dev.lamina.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.service.core.LaminaException;
import java.io.IOException;

/** The control plane's one ObjectMapper: compact output, requests parsed strictly as JSON. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    /**
     * Reads a request body; an empty body reads as {@code {}}.
     *
     * @throws LaminaException InvalidRequestContentException when the body is not JSON, InvalidParameterValueException
     *                         when a member has the wrong type
     */
    static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body.length == 0 ? "{}".getBytes() : body, type);
        } catch (StreamReadException e) {
            throw LaminaException.invalidContent("Could not parse request body into json: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw LaminaException.invalidParameter("Could not read the request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw LaminaException.invalidContent("Could not parse request body into json: " + e.getMessage());
        }
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
