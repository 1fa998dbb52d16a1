package dev.lamina.service.core;

import dev.lamina.protocol.control.LayerVersion;
import dev.lamina.protocol.control.LayerVersionContentOutput;
import dev.lamina.protocol.control.LayerVersionsListItem;
import dev.lamina.protocol.control.LayersListItem;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Turns stored layer versions into Lambda's shapes. Empty lists are omitted, as Lambda omits them. */
final class LayerMapper {

    private final Identity identity;

    LayerMapper(Identity identity) {
        this.identity = identity;
    }

    /** @param codeBaseUrl the base URL of {@code Content.Location}, e.g. {@code http://127.0.0.1:9001} */
    LayerVersion toWire(LayerVersionRecord v, String codeBaseUrl) {
        String location = codeBaseUrl + "/2018-10-31/layers/" + v.name() + "/versions/" + v.version() + "/content-zip";
        return new LayerVersion(
                new LayerVersionContentOutput(location,
                        Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.codeSha256Hex())), v.codeSize()),
                LayerArn.of(identity, v.name(), null).toString(),
                LayerArn.of(identity, v.name(), v.version()).toString(),
                v.description(),
                ConfigurationMapper.LAST_MODIFIED.format(v.created()),
                v.version(),
                orNull(v.compatibleRuntimes()),
                v.licenseInfo(),
                orNull(v.compatibleArchitectures()));
    }

    LayerVersionsListItem toListItem(LayerVersionRecord v) {
        return new LayerVersionsListItem(
                LayerArn.of(identity, v.name(), v.version()).toString(),
                v.version(),
                v.description(),
                ConfigurationMapper.LAST_MODIFIED.format(v.created()),
                orNull(v.compatibleRuntimes()),
                v.licenseInfo(),
                orNull(v.compatibleArchitectures()));
    }

    LayersListItem toLayersListItem(LayerVersionRecord latestMatching) {
        return new LayersListItem(latestMatching.name(), LayerArn.of(identity, latestMatching.name(), null).toString(),
                toListItem(latestMatching));
    }

    private static List<String> orNull(List<String> list) {
        return list.isEmpty() ? null : list;
    }
}
