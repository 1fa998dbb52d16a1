package dev.lamina.service.code;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts a zip into an empty directory, refusing anything hostile. It trusts no header: the uncompressed size is
 * the count of bytes actually inflated, every entry's parent is checked by its real path, and symbolic links may only
 * point down into their own directory (no absolute target, no {@code ..}), so no later entry can be written through a
 * link to outside the target. Unix permission bits come from the central directory; set-id and sticky bits are
 * dropped.
 */
final class ZipExtractor {

    /** Limits of one extraction. */
    record Limits(long maxUnzippedBytes, int maxEntries) {
        /** Lambda's: 250 MB unzipped (§5); Lamina's own cap on entries. */
        static final Limits LAMBDA = new Limits(262_144_000L, 20_000);
    }

    private static final int MAX_LINK_TARGET = 4096;
    private static final int DEFAULT_FILE_MODE = 0644;
    private static final int DIRECTORY_MODE = 0755;

    private final Limits limits;

    ZipExtractor(Limits limits) {
        this.limits = limits;
    }

    /**
     * Extracts {@code zipFile} (whose central directory is {@code entries}) into {@code target}, which must exist and
     * be empty. On failure the caller deletes {@code target}.
     */
    void extract(Path zipFile, List<ZipCentralDirectory.Entry> entries, Path target)
            throws InvalidZipException, IOException {
        Map<String, ZipCentralDirectory.Entry> byName = new HashMap<>();
        for (ZipCentralDirectory.Entry e : entries) {
            if (byName.put(e.name(), e) != null) {
                throw new InvalidZipException("duplicate entry " + e.name());
            }
        }
        Path root = target.toRealPath();
        long[] budget = {limits.maxUnzippedBytes()};
        List<Path> directories = new ArrayList<>();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            if (zip.size() != entries.size()) {
                throw new InvalidZipException("central directory lists " + zip.size() + " entries, expected " + entries.size());
            }
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                ZipCentralDirectory.Entry meta = byName.get(entry.getName());
                if (meta == null) {
                    throw new InvalidZipException("entry " + entry.getName() + " missing from the central directory");
                }
                Path dest = root.resolve(safeRelativePath(entry.getName()));
                if (dest.equals(root)) {
                    continue;
                }
                Path parent = realParent(root, dest);
                Path file = parent.resolve(dest.getFileName());
                if (meta.isDirectory()) {
                    if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(file);
                    }
                    directories.add(file);
                } else if (meta.isSymlink()) {
                    Files.createSymbolicLink(file, linkTarget(zip, entry));
                } else {
                    copy(zip, entry, file, budget);
                    Files.setPosixFilePermissions(file, permissions(meta.unixMode() == -1
                            ? DEFAULT_FILE_MODE : (meta.unixMode() & 0777) | 0400));
                }
            }
        } catch (ZipException | EOFException | java.nio.file.FileAlreadyExistsException e) {
            throw new InvalidZipException(e.getMessage());
        }
        for (Path dir : directories) {
            Files.setPosixFilePermissions(dir, permissions(DIRECTORY_MODE));
        }
    }

    /** The entry name as a relative path, refusing absolute names, drive letters, NUL and {@code ..}. */
    static Path safeRelativePath(String name) throws InvalidZipException {
        String n = name.replace('\\', '/');
        if (n.isEmpty() || n.startsWith("/") || n.indexOf('\0') >= 0 || n.matches("^[a-zA-Z]:.*")) {
            throw new InvalidZipException("entry name " + name + " is absolute or invalid");
        }
        List<String> parts = new ArrayList<>();
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                throw new InvalidZipException("entry name " + name + " escapes the target");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? Path.of("") : Path.of(parts.getFirst(), parts.subList(1, parts.size()).toArray(String[]::new));
    }

    private static Path realParent(Path root, Path dest) throws IOException, InvalidZipException {
        Path parent = dest.getParent();
        Files.createDirectories(parent);
        Path real = parent.toRealPath();
        if (!real.startsWith(root)) {
            throw new InvalidZipException("entry " + root.relativize(dest) + " would be written outside the target");
        }
        return real;
    }

    private static Path linkTarget(ZipFile zip, ZipEntry entry) throws IOException, InvalidZipException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(MAX_LINK_TARGET + 1);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (bytes.length > MAX_LINK_TARGET || text.isEmpty() || text.startsWith("/") || text.indexOf('\0') >= 0
                || List.of(text.split("/")).contains("..")) {
            throw new InvalidZipException("symbolic link " + entry.getName() + " points outside its directory");
        }
        return Path.of(text);
    }

    private void copy(ZipFile zip, ZipEntry entry, Path file, long[] budget)
            throws IOException, InvalidZipException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = zip.getInputStream(entry);
                OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                budget[0] -= n;
                if (budget[0] < 0) {
                    throw new InvalidZipException.TooLarge(limits.maxUnzippedBytes());
                }
                out.write(buffer, 0, n);
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
