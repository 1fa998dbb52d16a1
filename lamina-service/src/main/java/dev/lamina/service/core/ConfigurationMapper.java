package dev.lamina.service.core;

import dev.lamina.protocol.control.EnvironmentVariables;
import dev.lamina.protocol.control.EphemeralStorage;
import dev.lamina.protocol.control.FunctionConfiguration;
import dev.lamina.protocol.control.Layer;
import dev.lamina.protocol.control.LoggingConfig;
import dev.lamina.protocol.control.SnapStartResponse;
import dev.lamina.protocol.control.TracingConfig;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/** Turns a stored function into Lambda's {@code FunctionConfiguration}. */
final class ConfigurationMapper {

    /** Lambda's {@code LastModified} format, e.g. {@code 2020-04-10T19:06:32.563+0000}. */
    static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final Identity identity;

    ConfigurationMapper(Identity identity) {
        this.identity = identity;
    }

    FunctionConfiguration toWire(FunctionRecord f) {
        return new FunctionConfiguration(
                f.name(),
                identity.functionArn(f.name()),
                f.runtime(),
                f.role(),
                f.handler(),
                f.codeSize(),
                f.description(),
                f.timeoutSeconds(),
                f.memoryMb(),
                LAST_MODIFIED.format(f.lastModified()),
                Base64.getEncoder().encodeToString(HexFormat.of().parseHex(f.codeSha256Hex())),
                FunctionRef.LATEST,
                f.environment().isEmpty() ? null : new EnvironmentVariables(new TreeMap<>(f.environment())),
                TracingConfig.PASS_THROUGH,
                f.revisionId(),
                f.layers().isEmpty() ? null
                        : f.layers().stream().map(l -> new Layer(l.arn(), l.codeSize())).toList(),
                "Active",
                "Successful",
                "Zip",
                List.of(f.architecture()),
                new EphemeralStorage(f.ephemeralStorageMb()),
                SnapStartResponse.OFF,
                f.loggingConfig());
    }
}
