package dev.lamina.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Deployment zips for tests. */
public final class TestZips {
    private TestZips() {}

    /** A zip of the given text files (no Unix modes). */
    public static byte[] of(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] simple(String marker) {
        return of(Map.of("bootstrap", "#!/bin/sh\necho " + marker + "\n"));
    }

    public static String base64(byte[] zip) {
        return Base64.getEncoder().encodeToString(zip);
    }

    /** One entry of {@code uncompressedBytes} zeros, deflated: a tiny zip that inflates to a lot. */
    public static byte[] bomb(long uncompressedBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] chunk = new byte[1 << 20];
            for (long left = uncompressedBytes; left > 0; left -= chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A zip made by {@code /usr/bin/zip} of everything in {@code src}, Unix modes kept and symbolic links stored as
     * links ({@code -y}).
     */
    public static byte[] zipDirectory(Path src, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/zip", "-q", "-r", "-y", "-X", out.toAbsolutePath().toString(), ".")
                .directory(src.toFile()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("zip failed");
        }
        return Files.readAllBytes(out);
    }

    /**
     * A zip made by {@code /usr/bin/zip} from a directory holding an executable {@code bootstrap} (0755) and a
     * read-only {@code data.txt} (0444): Info-ZIP stores the Unix modes in the central directory.
     */
    public static byte[] withUnixModes(Path work) throws IOException, InterruptedException {
        Path src = Files.createDirectories(work.resolve("src"));
        Path bootstrap = src.resolve("bootstrap");
        Files.writeString(bootstrap, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = src.resolve("data.txt");
        Files.writeString(data, "data");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--r--r--"));
        Files.createDirectories(src.resolve("lib"));
        Files.writeString(src.resolve("lib/x.txt"), "x");
        Path out = work.resolve("modes.zip");
        Process p = new ProcessBuilder("/usr/bin/zip", "-q", "-r", "-X", out.toString(), ".")
                .directory(src.toFile()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("zip failed");
        }
        return Files.readAllBytes(out);
    }
}
