package dev.lamina.service.code;

import java.util.Base64;
import java.util.HexFormat;

/**
 * A deployment zip in the store.
 *
 * @param sha256Hex the SHA-256 of the zip, lower-case hex: the store's key
 * @param size      the zip's size in bytes
 */
public record StoredCode(String sha256Hex, long size) {

    /** Lambda's {@code CodeSha256}: the base64 of the SHA-256. */
    public String sha256Base64() {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }
}
