package dev.lamina.protocol.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The error JSON of the Runtime API and of a failed invoke: {@code {"errorMessage","errorType","stackTrace"}}.
 *
 * @param stackTrace omitted from JSON when null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String errorMessage, String errorType, List<String> stackTrace) {
    public static ErrorBody of(String errorType, String errorMessage) {
        return new ErrorBody(errorMessage, errorType, null);
    }
}
