package dev.lamina.service.code;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip's central directory for what {@code java.util.zip} hides: the "version made by" host and the
 * external attributes, whose upper 16 bits hold the Unix mode when the zip was made on Unix (APPNOTE 4.4.2, 4.4.15).
 * ZIP64 archives are refused: a Lambda package (≤ 50 MB, ≤ the entry limit) never needs them.
 */
final class ZipCentralDirectory {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int EOCD_MIN = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int HOST_UNIX = 3;
    private static final int HOST_OSX = 19;

    /**
     * One central-directory entry.
     *
     * @param unixMode the Unix mode ({@code st_mode}, type and permission bits) or -1 when the zip carries none
     */
    record Entry(String name, int unixMode) {
        boolean isSymlink() {
            return unixMode != -1 && (unixMode & 0170000) == 0120000;
        }

        boolean isDirectory() {
            return name.endsWith("/") || (unixMode != -1 && (unixMode & 0170000) == 0040000);
        }
    }

    private ZipCentralDirectory() {}

    /** Reads every entry; {@link InvalidZipException} when the bytes are not a readable zip. */
    static List<Entry> read(byte[] zip, int maxEntries) throws InvalidZipException {
        ByteBuffer buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = findEndOfCentralDirectory(buf);
        int total = Short.toUnsignedInt(buf.getShort(eocd + 10));
        long cenSize = Integer.toUnsignedLong(buf.getInt(eocd + 12));
        long cenOffset = Integer.toUnsignedLong(buf.getInt(eocd + 16));
        if (total == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL) {
            throw new InvalidZipException("ZIP64 archives are not supported");
        }
        if (total > maxEntries) {
            throw new InvalidZipException.TooManyEntries(total, maxEntries);
        }
        if (cenOffset + cenSize > eocd) {
            throw new InvalidZipException("central directory lies outside the file");
        }
        List<Entry> entries = new ArrayList<>(total);
        int pos = (int) cenOffset;
        for (int i = 0; i < total; i++) {
            require(pos + 46 <= eocd, "truncated central directory");
            require(buf.getInt(pos) == CEN_SIGNATURE, "bad central directory signature");
            int host = Short.toUnsignedInt(buf.getShort(pos + 4)) >>> 8;
            int flags = Short.toUnsignedInt(buf.getShort(pos + 8));
            int nameLen = Short.toUnsignedInt(buf.getShort(pos + 28));
            int extraLen = Short.toUnsignedInt(buf.getShort(pos + 30));
            int commentLen = Short.toUnsignedInt(buf.getShort(pos + 32));
            long external = Integer.toUnsignedLong(buf.getInt(pos + 38));
            require(pos + 46 + nameLen <= eocd, "truncated entry name");
            // Bit 11: UTF-8 names; otherwise CP437, of which ASCII is the common part.
            String name = new String(zip, pos + 46, nameLen,
                    (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            int mode = (int) (external >>> 16);
            boolean unixHost = host == HOST_UNIX || host == HOST_OSX;
            entries.add(new Entry(name, unixHost && mode != 0 ? mode : -1));
            pos += 46 + nameLen + extraLen + commentLen;
        }
        return entries;
    }

    private static int findEndOfCentralDirectory(ByteBuffer buf) throws InvalidZipException {
        int last = buf.limit() - EOCD_MIN;
        int first = Math.max(0, last - MAX_COMMENT);
        for (int pos = last; pos >= first; pos--) {
            if (buf.getInt(pos) == EOCD_SIGNATURE
                    && pos + EOCD_MIN + Short.toUnsignedInt(buf.getShort(pos + 20)) == buf.limit()) {
                return pos;
            }
        }
        throw new InvalidZipException("no end of central directory record");
    }

    private static void require(boolean condition, String problem) throws InvalidZipException {
        if (!condition) {
            throw new InvalidZipException(problem);
        }
    }
}
