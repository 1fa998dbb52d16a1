package dev.lamina.service.core;

import dev.lamina.protocol.control.LoggingConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One function as the registry stores it ({@code $LATEST} only, for now).
 *
 * @param environment    the function's own variables; empty when it has none
 * @param codeSha256Hex  the SHA-256 of its deployment zip, lower-case hex (the code store's key)
 * @param codeSize       the zip's size in bytes
 * @param revisionId     a new UUID on every change
 * @param layers         its layers in {@code /opt} order; empty when it has none
 * @param loggingConfig  its {@code LoggingConfig} (never null: Text by default)
 */
public record FunctionRecord(
        String name,
        String runtime,
        String role,
        String handler,
        String description,
        int timeoutSeconds,
        int memoryMb,
        int ephemeralStorageMb,
        String architecture,
        Map<String, String> environment,
        String codeSha256Hex,
        long codeSize,
        Instant lastModified,
        String revisionId,
        Map<String, String> tags,
        List<AttachedLayer> layers,
        LoggingConfig loggingConfig) {

    public FunctionRecord {
        environment = Map.copyOf(environment);
        tags = Map.copyOf(tags);
        layers = List.copyOf(layers);
        loggingConfig = loggingConfig == null ? LoggingConfig.text(name) : loggingConfig;
    }

    /** With Lambda's default logging (Text to {@code /aws/lambda/<name>}). */
    public FunctionRecord(String name, String runtime, String role, String handler, String description,
            int timeoutSeconds, int memoryMb, int ephemeralStorageMb, String architecture,
            Map<String, String> environment, String codeSha256Hex, long codeSize, Instant lastModified,
            String revisionId, Map<String, String> tags, List<AttachedLayer> layers) {
        this(name, runtime, role, handler, description, timeoutSeconds, memoryMb, ephemeralStorageMb, architecture,
                environment, codeSha256Hex, codeSize, lastModified, revisionId, tags, layers, null);
    }
}
