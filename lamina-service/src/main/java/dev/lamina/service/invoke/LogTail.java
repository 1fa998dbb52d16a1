package dev.lamina.service.invoke;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** {@code X-Amz-Log-Result}: base64 of the last 4 KB of an invoke's log (§6.2). */
final class LogTail {

    static final int MAX_BYTES = 4096;

    private LogTail() {}

    /**
     * The base64 of at most the last {@code maxBytes} UTF-8 bytes of {@code log}. The cut moves forward past UTF-8
     * continuation bytes so the tail never starts inside a character.
     */
    static String base64(String log, int maxBytes) {
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        int start = Math.max(0, bytes.length - maxBytes);
        while (start > 0 && start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
            start++;
        }
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, start, bytes.length));
    }
}
