package dev.lamina.service.core;

import dev.lamina.protocol.control.LoggingConfig;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.control.CreateFunctionRequest;
import dev.lamina.protocol.control.FunctionCodeLocation;
import dev.lamina.protocol.control.FunctionConcurrency;
import dev.lamina.protocol.control.FunctionConfiguration;
import dev.lamina.protocol.control.GetFunctionResponse;
import dev.lamina.protocol.control.ListFunctionsResponse;
import dev.lamina.protocol.control.UpdateFunctionCodeRequest;
import dev.lamina.protocol.control.UpdateFunctionConfigurationRequest;
import dev.lamina.service.code.CodeStore;
import dev.lamina.service.code.StoredCode;
import dev.lamina.service.core.Commands.CreateFunction;
import dev.lamina.service.core.Commands.DeleteFunction;
import dev.lamina.service.core.Commands.GetFunction;
import dev.lamina.service.core.Commands.GetFunctionCode;
import dev.lamina.service.core.Commands.GetFunctionConfiguration;
import dev.lamina.service.core.Commands.ListFunctions;
import dev.lamina.service.core.Commands.UpdateFunctionCode;
import dev.lamina.service.core.Commands.UpdateFunctionConfiguration;
import dev.lamina.service.runtime.RuntimeCatalog;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Create, read, update, delete and list functions. Every command is validated completely before the registry
 * changes; an update is a compare-and-set on the function's RevisionId, and retires the function's environments.
 */
public final class FunctionService {

    /** ListFunctions' default and largest page. */
    static final int PAGE_SIZE = 50;
    private static final int UPDATE_ATTEMPTS = 5;

    private final FunctionRegistry registry;
    private final CodeStore code;
    private final RuntimeCatalog runtimes;
    private final EnvironmentRetirer retirer;
    private final Identity identity;
    private final InstantSource clock;
    private final ConfigurationMapper mapper;
    private final FunctionLayers layers;
    private final Reservations reservations;

    public FunctionService(FunctionRegistry registry, LayerRegistry layerRegistry, CodeStore code,
            RuntimeCatalog runtimes, EnvironmentRetirer retirer, Identity identity, InstantSource clock,
            Reservations reservations) {
        this.registry = registry;
        this.reservations = reservations;
        this.layers = new FunctionLayers(layerRegistry, code, identity);
        this.code = code;
        this.runtimes = runtimes;
        this.retirer = retirer;
        this.identity = identity;
        this.clock = clock;
        this.mapper = new ConfigurationMapper(identity);
    }

    public FunctionConfiguration create(CreateFunction command) {
        CreateFunctionRequest r = command.request();
        String name = createName(r.functionName());
        String role = FunctionValidator.role(r.role());
        if (r.packageType() != null && !"Zip".equals(r.packageType())) {
            throw LaminaException.invalidParameter("Lamina supports only PackageType Zip; " + r.packageType()
                    + " is not supported.");
        }
        if (r.code() == null) {
            throw LaminaException.constraint(null, "code", "Member must not be null");
        }
        FunctionValidator.zipOnly(r.code().s3Bucket(), r.code().s3Key(), r.code().s3ObjectVersion(),
                r.code().imageUri(), r.code().zipFile());
        if (r.runtime() == null || r.handler() == null) {
            throw LaminaException.invalidParameter(
                    "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }
        runtimes.resolve(r.runtime());
        String handler = FunctionValidator.handler(r.handler());
        int timeout = FunctionValidator.timeout(r.timeout());
        int memory = FunctionValidator.memory(r.memorySize());
        String description = FunctionValidator.description(r.description());
        Map<String, String> env = FunctionValidator.environment(r.environment() == null ? null : r.environment().variables());
        String architecture = FunctionValidator.architecture(r.architectures(), FunctionValidator.DEFAULT_ARCHITECTURE);
        int ephemeral = FunctionValidator.ephemeral(r.ephemeralStorage() == null ? null : r.ephemeralStorage().size());
        LoggingConfig logging = FunctionValidator.logging(r.loggingConfig(), null, name);
        byte[] zip = FunctionValidator.zipFile(r.code().zipFile());
        List<AttachedLayer> attached = layers.resolve(r.layers() == null ? List.of() : r.layers());
        if (registry.find(name).isPresent()) {
            throw alreadyExists(name);
        }
        StoredCode stored = code.store(zip);
        layers.checkSize(stored.sha256Hex(), attached);
        layers.optRoot(attached);
        FunctionRecord f = new FunctionRecord(name, r.runtime(), role, handler, description, timeout, memory, ephemeral,
                architecture, env, stored.sha256Hex(), stored.size(), clock.instant(), newRevision(),
                r.tags() == null ? Map.of() : r.tags(), attached, logging);
        if (!registry.insert(f)) {
            throw alreadyExists(name);
        }
        return mapper.toWire(f);
    }

    public GetFunctionResponse get(GetFunction command) {
        FunctionRecord f = find(command.ref());
        String location = command.codeBaseUrl() + "/2015-03-31/functions/" + f.name() + "/code-zip";
        return new GetFunctionResponse(mapper.toWire(f), new FunctionCodeLocation("S3", location),
                f.tags().isEmpty() ? null : new java.util.TreeMap<>(f.tags()), concurrency(f.name()));
    }

    private FunctionConcurrency concurrency(String name) {
        Integer reserved = reservations.of(name);
        return reserved == null ? null : new FunctionConcurrency(reserved);
    }

    public FunctionConfiguration getConfiguration(GetFunctionConfiguration command) {
        return mapper.toWire(find(command.ref()));
    }

    public ListFunctionsResponse list(ListFunctions command) {
        int page = PAGE_SIZE;
        if (command.maxItems() != null) {
            if (command.maxItems() < 1 || command.maxItems() > 10000) {
                throw LaminaException.constraint(command.maxItems(), "maxItems",
                        "Member must have value between 1 and 10000");
            }
            page = Math.min(command.maxItems(), PAGE_SIZE);
        }
        String marker = command.marker() == null || command.marker().isEmpty() ? null : command.marker();
        List<FunctionRecord> found = registry.list(marker, page + 1);
        boolean more = found.size() > page;
        List<FunctionRecord> shown = more ? found.subList(0, page) : found;
        return new ListFunctionsResponse(more ? shown.getLast().name() : null,
                shown.stream().map(mapper::toWire).toList());
    }

    public FunctionConfiguration updateCode(UpdateFunctionCode command) {
        UpdateFunctionCodeRequest r = command.request();
        FunctionValidator.zipOnly(r.s3Bucket(), r.s3Key(), r.s3ObjectVersion(), r.imageUri(), r.zipFile());
        byte[] zip = FunctionValidator.zipFile(r.zipFile());
        FunctionRecord current = find(command.ref());
        String architecture = FunctionValidator.architecture(r.architectures(), current.architecture());
        checkRevision(current, r.revisionId());
        StoredCode stored = code.store(zip);
        UnaryOperator<FunctionRecord> change = f -> {
            layers.checkSize(stored.sha256Hex(), f.layers()); // against the record this change replaces
            return new FunctionRecord(f.name(), f.runtime(), f.role(), f.handler(), f.description(),
                    f.timeoutSeconds(), f.memoryMb(), f.ephemeralStorageMb(), architecture, f.environment(),
                    stored.sha256Hex(), stored.size(), clock.instant(), newRevision(), f.tags(), f.layers(),
                    f.loggingConfig());
        };
        if (Boolean.TRUE.equals(r.dryRun())) {
            return mapper.toWire(change.apply(current));
        }
        return mapper.toWire(update(command.ref(), r.revisionId(), change));
    }

    public FunctionConfiguration updateConfiguration(UpdateFunctionConfiguration command) {
        UpdateFunctionConfigurationRequest r = command.request();
        FunctionRecord current = find(command.ref());
        checkRevision(current, r.revisionId());
        String role = r.role() == null ? current.role() : FunctionValidator.role(r.role());
        String handler = r.handler() == null ? current.handler() : FunctionValidator.handler(r.handler());
        String description = r.description() == null ? current.description() : FunctionValidator.description(r.description());
        int timeout = r.timeout() == null ? current.timeoutSeconds() : FunctionValidator.timeout(r.timeout());
        int memory = r.memorySize() == null ? current.memoryMb() : FunctionValidator.memory(r.memorySize());
        int ephemeral = r.ephemeralStorage() == null ? current.ephemeralStorageMb()
                : FunctionValidator.ephemeral(r.ephemeralStorage().size());
        Map<String, String> env = r.environment() == null ? current.environment()
                : FunctionValidator.environment(r.environment().variables());
        String runtime = r.runtime() == null ? current.runtime() : runtimes.resolve(r.runtime()).name();
        LoggingConfig logging = FunctionValidator.logging(r.loggingConfig(), current.loggingConfig(), current.name());
        List<AttachedLayer> attached = r.layers() == null ? null : layers.resolve(r.layers());
        if (attached != null) {
            layers.checkSize(current.codeSha256Hex(), attached);
            layers.optRoot(attached);
        }
        return mapper.toWire(update(command.ref(), r.revisionId(), f -> {
            if (attached != null) {
                layers.checkSize(f.codeSha256Hex(), attached); // the code may have changed since
            }
            return new FunctionRecord(f.name(), runtime, role, handler, description, timeout, memory, ephemeral,
                    f.architecture(), env, f.codeSha256Hex(), f.codeSize(), clock.instant(), newRevision(), f.tags(),
                    attached == null ? f.layers() : attached, logging);
        }));
    }

    public void delete(DeleteFunction command) {
        FunctionRecord f = find(command.ref());
        if (!registry.delete(f.name())) {
            throw LaminaException.functionNotFound(identity.functionArn(f.name()));
        }
        reservations.forget(f.name()); // its registry row went with the function
        retirer.retire(f.name());
    }

    /** The stored deployment zip of a function. */
    public Path codeZip(GetFunctionCode command) {
        return code.zipPath(find(command.ref()).codeSha256Hex());
    }

    /** The merged layers of a function, its {@code /opt}; null when it has none. Builds them if they are missing. */
    public Path optRoot(FunctionRecord function) {
        return layers.optRoot(function.layers());
    }

    /** The function a reference names, at {@code $LATEST}; 404 otherwise. */
    public FunctionRecord find(FunctionRef ref) {
        if (ref.foreign() || !ref.isLatest()) {
            throw LaminaException.functionNotFound(identity.functionArn(ref));
        }
        return registry.find(ref.name())
                .orElseThrow(() -> LaminaException.functionNotFound(identity.functionArn(ref.name())));
    }

    private FunctionRecord update(FunctionRef ref, String requestedRevision, UnaryOperator<FunctionRecord> change) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            FunctionRecord current = find(ref);
            checkRevision(current, requestedRevision);
            FunctionRecord next = change.apply(current);
            if (registry.replace(next, current.revisionId())) {
                retirer.retire(next.name());
                return next;
            }
        }
        throw new LaminaException(ErrorType.RESOURCE_CONFLICT, "The operation cannot be performed at this time. "
                + "An update is in progress for resource: " + identity.functionArn(ref.name()));
    }

    private static void checkRevision(FunctionRecord current, String requested) {
        if (requested != null && !requested.equals(current.revisionId())) {
            throw new LaminaException(ErrorType.PRECONDITION_FAILED, "The Revision Id provided does not match the "
                    + "latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private String createName(String text) {
        if (text == null) {
            throw LaminaException.constraint(null, "functionName", "Member must not be null");
        }
        FunctionRef ref = FunctionRef.parse(text, null, identity.region(), identity.accountId());
        if (ref.foreign() || ref.qualifier() != null) {
            throw LaminaException.invalidParameter("FunctionName " + text
                    + " must name a function of this region and account, without a qualifier.");
        }
        return ref.name();
    }

    private static LaminaException alreadyExists(String name) {
        return new LaminaException(ErrorType.RESOURCE_CONFLICT, "Function already exist: " + name);
    }

    private static String newRevision() {
        return UUID.randomUUID().toString();
    }
}
