package dev.lamina.service.core;

import dev.lamina.service.code.CodeStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's {@code Layers}: resolves the version ARNs of a create or update into {@link AttachedLayer}s, checks
 * the 250 MB limit of code and layers together (§5), and builds the merged {@code /opt}.
 */
final class FunctionLayers {

    /** At most 5 layers per function (§5). */
    static final int MAX_LAYERS = 5;
    /** Function code and layers together, unzipped: 250 MB (§5). */
    static final long MAX_UNZIPPED_BYTES = 262_144_000L;
    private static final String ARN_CONSTRAINT = "Member must satisfy constraint: [Member must have length less than "
            + "or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular "
            + "expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|"
            + "(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must not be null]";

    private final LayerRegistry registry;
    private final CodeStore code;
    private final Identity identity;

    FunctionLayers(LayerRegistry registry, CodeStore code, Identity identity) {
        this.registry = registry;
        this.code = code;
        this.identity = identity;
    }

    /** Resolves layer version ARNs, in order; each must exist now. */
    List<AttachedLayer> resolve(List<String> arns) {
        if (arns.size() > MAX_LAYERS) {
            throw LaminaException.invalidParameter("Cannot reference more than " + MAX_LAYERS + " layers.");
        }
        List<AttachedLayer> out = new ArrayList<>();
        Map<String, String> byLayer = new HashMap<>();
        for (String text : arns) {
            LayerArn arn = LayerArn.parse(text).filter(a -> a.version() != null && text.length() <= 140)
                    .orElseThrow(() -> LaminaException.constraint("[" + text + "]", "layers", ARN_CONSTRAINT));
            if (!arn.region().equals(identity.region())) {
                throw LaminaException.invalidParameter("Layers are not in the same region as the function. "
                        + "Layers are expected to be in region " + identity.region() + ".");
            }
            LayerVersionRecord v = arn.foreignTo(identity) ? null
                    : registry.find(arn.name(), arn.version()).orElse(null);
            if (v == null) {
                throw LaminaException.invalidParameter("Layer version " + text + " does not exist.");
            }
            String other = byLayer.putIfAbsent(arn.unversioned().toString(), text);
            if (other != null) {
                throw LaminaException.invalidParameter("Two different versions of the same layer are not allowed to "
                        + "be referenced in the same function. " + other + " and " + text
                        + " are versions of the same layer.");
            }
            out.add(v.attach(identity));
        }
        return out;
    }

    /** Refuses code and layers whose extracted files together exceed 250 MB. */
    void checkSize(String codeSha256Hex, List<AttachedLayer> layers) {
        if (layers.isEmpty()) {
            return; // the code alone was checked when it was extracted
        }
        long total = code.unzippedSize(codeSha256Hex);
        for (AttachedLayer l : layers) {
            total += l.unzippedSize();
        }
        if (total > MAX_UNZIPPED_BYTES) {
            throw LaminaException.invalidParameter("Function code combined with layers exceeds the maximum allowed "
                    + "size of " + MAX_UNZIPPED_BYTES + " bytes. The actual size is " + total + " bytes.");
        }
    }

    /** The merged {@code /opt} of the layers, built once per ordered list of contents; null for no layers. */
    Path optRoot(List<AttachedLayer> layers) {
        return layers.isEmpty() ? null : code.mergedLayers(layers.stream().map(AttachedLayer::codeSha256Hex).toList());
    }
}
