package dev.lamina.protocol.extensions;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code POST /extension/register}: {@code {"events":["INVOKE","SHUTDOWN"]}}. A
 * {@code configurationKeys} member is deprecated and refused.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegisterRequest(List<String> events, List<String> configurationKeys) {
    public RegisterRequest {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
