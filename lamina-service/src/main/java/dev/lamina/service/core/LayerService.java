package dev.lamina.service.core;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.control.LayerVersion;
import dev.lamina.protocol.control.LayerVersionContentInput;
import dev.lamina.protocol.control.LayersListItem;
import dev.lamina.protocol.control.ListLayerVersionsResponse;
import dev.lamina.protocol.control.ListLayersResponse;
import dev.lamina.protocol.control.PublishLayerVersionRequest;
import dev.lamina.service.code.CodeStore;
import dev.lamina.service.code.StoredCode;
import dev.lamina.service.core.LayerCommands.DeleteLayerVersion;
import dev.lamina.service.core.LayerCommands.GetLayerVersion;
import dev.lamina.service.core.LayerCommands.GetLayerVersionByArn;
import dev.lamina.service.core.LayerCommands.GetLayerVersionContent;
import dev.lamina.service.core.LayerCommands.ListLayerVersions;
import dev.lamina.service.core.LayerCommands.ListLayers;
import dev.lamina.service.core.LayerCommands.PublishLayerVersion;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Publish, read, list and delete layer versions. Layer zips go to the same content-addressed {@link CodeStore} as
 * function code (with the same hostile-zip checks). Deleting a version removes only its registry entry: its content
 * stays, because functions that use the version keep using it (content is never garbage-collected for now).
 */
public final class LayerService {

    static final String NOT_FOUND = "The resource you requested does not exist.";
    private static final String ARN_CONSTRAINT = "Member must satisfy regular expression pattern: "
            + "arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+";

    private final LayerRegistry registry;
    private final CodeStore code;
    private final Identity identity;
    private final InstantSource clock;
    private final LayerMapper mapper;

    public LayerService(LayerRegistry registry, CodeStore code, Identity identity, InstantSource clock) {
        this.registry = registry;
        this.code = code;
        this.identity = identity;
        this.clock = clock;
        this.mapper = new LayerMapper(identity);
    }

    public LayerVersion publish(PublishLayerVersion command) {
        LayerArn layer = LayerValidator.layerName(command.layerName(), identity);
        if (layer.foreignTo(identity)) {
            throw LaminaException.invalidParameter("LayerName " + command.layerName()
                    + " must name a layer of this region and account.");
        }
        PublishLayerVersionRequest r = command.request();
        LayerVersionContentInput content = r.content();
        if (content == null) {
            throw LaminaException.constraint(null, "content", "Member must not be null");
        }
        LayerValidator.zipOnly(content.s3Bucket(), content.s3Key(), content.s3ObjectVersion(), content.zipFile());
        String description = LayerValidator.description(r.description());
        List<String> runtimes = LayerValidator.compatibleRuntimes(r.compatibleRuntimes());
        List<String> architectures = LayerValidator.compatibleArchitectures(r.compatibleArchitectures());
        String license = LayerValidator.licenseInfo(r.licenseInfo());
        byte[] zip = FunctionValidator.zipFile(content.zipFile());
        StoredCode stored = code.store(zip);
        long unzipped = code.unzippedSize(stored.sha256Hex());
        LayerVersionRecord published = registry.publish(layer.name(), version -> new LayerVersionRecord(layer.name(),
                version, description, clock.instant(), runtimes, architectures, license, stored.sha256Hex(),
                stored.size(), unzipped));
        return mapper.toWire(published, command.codeBaseUrl());
    }

    public LayerVersion get(GetLayerVersion command) {
        return mapper.toWire(find(command.layerName(), command.versionNumber()), command.codeBaseUrl());
    }

    public LayerVersion getByArn(GetLayerVersionByArn command) {
        if (command.arn() == null) {
            throw LaminaException.constraint(null, "arn", "Member must not be null");
        }
        LayerArn arn = LayerArn.parse(command.arn()).filter(a -> a.version() != null)
                .orElseThrow(() -> LaminaException.constraint(command.arn(), "arn", ARN_CONSTRAINT));
        if (arn.foreignTo(identity)) {
            throw notFound();
        }
        return mapper.toWire(registry.find(arn.name(), arn.version()).orElseThrow(LayerService::notFound),
                command.codeBaseUrl());
    }

    public ListLayersResponse list(ListLayers command) {
        String runtime = LayerValidator.compatibleRuntime(command.compatibleRuntime(), "compatibleRuntime");
        String architecture =
                LayerValidator.compatibleArchitecture(command.compatibleArchitecture(), "compatibleArchitecture");
        int page = LayerValidator.maxItems(command.maxItems());
        String marker = command.marker() == null || command.marker().isEmpty() ? null : command.marker();
        List<LayersListItem> items = new ArrayList<>();
        String current = null;
        for (LayerVersionRecord v : registry.versionsOfLayersAfter(marker)) {
            if (v.name().equals(current) || !matches(v, runtime, architecture)) {
                continue; // an older version of a layer already shown, or not matching
            }
            current = v.name();
            if (items.size() == page) {
                return new ListLayersResponse(items.getLast().layerName(), items);
            }
            items.add(mapper.toLayersListItem(v));
        }
        return new ListLayersResponse(null, items);
    }

    public ListLayerVersionsResponse listVersions(ListLayerVersions command) {
        LayerArn layer = LayerValidator.layerName(command.layerName(), identity);
        String runtime = LayerValidator.compatibleRuntime(command.compatibleRuntime(), "compatibleRuntime");
        String architecture =
                LayerValidator.compatibleArchitecture(command.compatibleArchitecture(), "compatibleArchitecture");
        int page = LayerValidator.maxItems(command.maxItems());
        long below = command.marker() == null || command.marker().isEmpty() ? Long.MAX_VALUE
                : LayerValidator.versionNumber(command.marker());
        List<LayerVersionRecord> shown = new ArrayList<>();
        if (!layer.foreignTo(identity)) {
            for (LayerVersionRecord v : registry.versions(layer.name())) {
                if (v.version() >= below || !matches(v, runtime, architecture)) {
                    continue;
                }
                if (shown.size() == page) {
                    return new ListLayerVersionsResponse(Long.toString(shown.getLast().version()),
                            shown.stream().map(mapper::toListItem).toList());
                }
                shown.add(v);
            }
        }
        return new ListLayerVersionsResponse(null, shown.stream().map(mapper::toListItem).toList());
    }

    /** Removes a version's registry entry (204 even when there was none, as on Lambda); its content stays. */
    public void delete(DeleteLayerVersion command) {
        LayerArn layer = LayerValidator.layerName(command.layerName(), identity);
        long version = LayerValidator.versionNumber(command.versionNumber());
        if (!layer.foreignTo(identity)) {
            registry.delete(layer.name(), version);
        }
    }

    /** The stored zip of a layer version. */
    public Path contentZip(GetLayerVersionContent command) {
        return code.zipPath(find(command.layerName(), command.versionNumber()).codeSha256Hex());
    }

    private LayerVersionRecord find(String layerName, String versionNumber) {
        LayerArn layer = LayerValidator.layerName(layerName, identity);
        long version = LayerValidator.versionNumber(versionNumber);
        if (layer.foreignTo(identity)) {
            throw notFound();
        }
        return registry.find(layer.name(), version).orElseThrow(LayerService::notFound);
    }

    private static boolean matches(LayerVersionRecord v, String runtime, String architecture) {
        return (runtime == null || v.compatibleRuntimes().contains(runtime))
                && (architecture == null || v.compatibleArchitectures().contains(architecture));
    }

    private static LaminaException notFound() {
        return new LaminaException(ErrorType.RESOURCE_NOT_FOUND, NOT_FOUND);
    }
}
