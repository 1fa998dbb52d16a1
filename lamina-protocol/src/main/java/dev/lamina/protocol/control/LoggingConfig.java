package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code LoggingConfig}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoggingConfig(
        @JsonProperty("LogFormat") String logFormat,
        @JsonProperty("ApplicationLogLevel") String applicationLogLevel,
        @JsonProperty("SystemLogLevel") String systemLogLevel,
        @JsonProperty("LogGroup") String logGroup) {

    /** Lambda's default: Text logs to {@code /aws/lambda/<name>}. */
    public static final String TEXT = "Text";
    public static final String JSON = "JSON";

    public static LoggingConfig text(String functionName) {
        return new LoggingConfig("Text", null, null, "/aws/lambda/" + functionName);
    }
}
