package dev.lamina.service.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.protocol.ErrorType;
import dev.lamina.service.TestZips;
import dev.lamina.service.core.LaminaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeStoreTest {

    @TempDir
    Path dir;

    @Test
    void unixPermissionsFromTheCentralDirectoryArePreserved() throws Exception {
        byte[] zip = TestZips.withUnixModes(dir.resolve("work"));
        assertThat(ZipCentralDirectory.read(zip, 100)).filteredOn(e -> e.name().equals("bootstrap"))
                .singleElement().satisfies(e -> assertThat(e.unixMode() & 07777).isEqualTo(0755));

        CodeStore store = new CodeStore(dir.resolve("code"));
        StoredCode stored = store.store(zip);
        Path root = store.extracted(stored.sha256Hex());

        assertThat(Files.getPosixFilePermissions(root.resolve("bootstrap")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.isExecutable(root.resolve("bootstrap"))).isTrue();
        assertThat(Files.getPosixFilePermissions(root.resolve("data.txt")))
                .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
        assertThat(root.resolve("lib/x.txt")).hasContent("x");
        assertThat(store.zipPath(stored.sha256Hex())).hasBinaryContent(zip);
    }

    @Test
    void zipsWithoutModesGetReadableFiles() throws Exception {
        CodeStore store = new CodeStore(dir.resolve("code"));
        Path root = store.extracted(store.store(TestZips.of(Map.of("a/b.txt", "b"))).sha256Hex());
        assertThat(Files.getPosixFilePermissions(root.resolve("a/b.txt")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void bombsAreStoppedByRealInflatedBytes() throws IOException {
        CodeStore store = new CodeStore(dir.resolve("code"), new ZipExtractor.Limits(1000, 10));
        assertThatThrownBy(() -> store.store(TestZips.bomb(1001)))
                .isInstanceOfSatisfying(LaminaException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.INVALID_PARAMETER_VALUE);
                    assertThat(e.getMessage()).isEqualTo("Unzipped size must be smaller than 1000 bytes");
                });
        assertNothingLeft();
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        CodeStore store = new CodeStore(dir.resolve("code"), new ZipExtractor.Limits(1000, 2));
        assertThatThrownBy(() -> store.store(TestZips.of(Map.of("a", "1", "b", "2", "c", "3"))))
                .isInstanceOf(LaminaException.class).hasMessageContaining("at most 2");
        assertNothingLeft();
    }

    @Test
    void hostileNamesAreRefused() throws IOException {
        CodeStore store = new CodeStore(dir.resolve("code"));
        for (String name : new String[] {"../x", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\..\\x"}) {
            assertThatThrownBy(() -> store.store(TestZips.of(Map.of(name, "pwned")))).as(name)
                    .isInstanceOf(LaminaException.class).hasMessageContaining("Could not unzip");
        }
        assertNothingLeft();
    }

    @Test
    void corruptZipsAreRefused() throws IOException {
        CodeStore store = new CodeStore(dir.resolve("code"));
        byte[] zip = TestZips.of(Map.of("f.txt", "x".repeat(1000)));
        byte[] truncated = java.util.Arrays.copyOf(zip, zip.length - 30);
        for (byte[] bad : new byte[][] {new byte[0], "PK".getBytes(), truncated}) {
            assertThatThrownBy(() -> store.store(bad)).isInstanceOf(LaminaException.class)
                    .hasMessage("Could not unzip uploaded file. Please check your file, then try to upload again.");
        }
        assertNothingLeft();
    }

    @Test
    void symlinksMayOnlyPointDownward() throws Exception {
        CodeStore store = new CodeStore(dir.resolve("code"));
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("lib.so.1"), "lib");
        Files.createSymbolicLink(src.resolve("lib.so"), Path.of("lib.so.1"));
        Path root = store.extracted(store.store(zipWithCli(src, "ok.zip")).sha256Hex());
        assertThat(Files.isSymbolicLink(root.resolve("lib.so"))).isTrue();
        assertThat(root.resolve("lib.so")).hasContent("lib");

        Path evil = Files.createDirectories(dir.resolve("evil"));
        Files.createSymbolicLink(evil.resolve("up"), Path.of("../../../etc"));
        assertThatThrownBy(() -> store.store(zipWithCli(evil, "evil.zip"))).isInstanceOf(LaminaException.class);
    }

    private byte[] zipWithCli(Path src, String name) throws Exception {
        Path out = dir.resolve(name);
        Process p = new ProcessBuilder("/usr/bin/zip", "-q", "-r", "-y", "-X", out.toString(), ".")
                .directory(src.toFile()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return Files.readAllBytes(out);
    }

    private void assertNothingLeft() throws IOException {
        try (Stream<Path> extracted = Files.list(dir.resolve("code/extracted"));
                Stream<Path> tmp = Files.list(dir.resolve("code/tmp"));
                Stream<Path> zips = Files.list(dir.resolve("code/sha256"))) {
            assertThat(extracted).isEmpty();
            assertThat(tmp).isEmpty();
            assertThat(zips).isEmpty();
        }
    }

    @Test
    void centralDirectoryOfAnEmptyZipHasNoEntries() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("d/"));
            zip.closeEntry();
        }
        assertThat(ZipCentralDirectory.read(bytes.toByteArray(), 10)).singleElement()
                .satisfies(e -> {
                    assertThat(e.isDirectory()).isTrue();
                    assertThat(e.unixMode()).isEqualTo(-1);
                });
    }
}
