package dev.lamina.service.core;

import java.time.Instant;
import java.util.List;

/**
 * One published layer version as the registry stores it.
 *
 * @param description             empty when none was given
 * @param compatibleRuntimes      empty when none were given
 * @param compatibleArchitectures empty when none were given
 * @param licenseInfo             null when none was given
 * @param codeSha256Hex           the SHA-256 of the layer zip, lower-case hex (the code store's key)
 * @param codeSize                the zip's size in bytes
 * @param unzippedSize            the bytes of its extracted files, for the 250 MB limit of code and layers
 */
public record LayerVersionRecord(
        String name,
        long version,
        String description,
        Instant created,
        List<String> compatibleRuntimes,
        List<String> compatibleArchitectures,
        String licenseInfo,
        String codeSha256Hex,
        long codeSize,
        long unzippedSize) {

    public LayerVersionRecord {
        compatibleRuntimes = List.copyOf(compatibleRuntimes);
        compatibleArchitectures = List.copyOf(compatibleArchitectures);
    }

    /** The layer version as a function refers to it, with its own copy of the content's key and sizes. */
    AttachedLayer attach(Identity identity) {
        return new AttachedLayer(LayerArn.of(identity, name, version).toString(), codeSha256Hex, codeSize,
                unzippedSize);
    }
}
