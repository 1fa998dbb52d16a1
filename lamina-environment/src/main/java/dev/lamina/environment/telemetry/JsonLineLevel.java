package dev.lamina.environment.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The level Lambda gives a line a function prints on stdout or stderr when its log format is JSON: the value of the
 * line's top-level {@code "level"} key when the line is a JSON object and the value a valid level (any case), else
 * {@link LogLevel#INFO} — plain text, invalid JSON, a missing or unknown level (Lambda's log-level filtering docs).
 */
public final class JsonLineLevel {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonLineLevel() {}

    public static LogLevel of(String line) {
        if (!looksLikeObject(line)) {
            return LogLevel.INFO;
        }
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return LogLevel.INFO;
            }
            LogLevel level = null;
            JsonToken t;
            for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                boolean isLevel = "level".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (isLevel && level == null && value == JsonToken.VALUE_STRING) {
                    level = LogLevel.parse(p.getText());
                }
                p.skipChildren();
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return LogLevel.INFO; // not one whole JSON object
            }
            return level == null || level == LogLevel.UNDEFINED ? LogLevel.INFO : level;
        } catch (IOException e) {
            // not JSON after all
        }
        return LogLevel.INFO;
    }

    private static boolean looksLikeObject(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t') {
                return c == '{';
            }
        }
        return false;
    }
}
