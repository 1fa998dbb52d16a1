package dev.lamina.service.core;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A layer version in a function's configuration. The function keeps the content's key and sizes itself, so deleting
 * the layer version does not break it (as on Lambda): its {@code /opt} is still built from the stored content.
 *
 * @param arn           the layer version ARN, as {@code Layers[].Arn} shows it
 * @param codeSha256Hex the layer zip's SHA-256, lower-case hex (the code store's key)
 * @param codeSize      the zip's size in bytes ({@code Layers[].CodeSize})
 * @param unzippedSize  the bytes of its extracted files
 */
public record AttachedLayer(
        @JsonProperty("arn") String arn,
        @JsonProperty("codeSha256Hex") String codeSha256Hex,
        @JsonProperty("codeSize") long codeSize,
        @JsonProperty("unzippedSize") long unzippedSize) {}
