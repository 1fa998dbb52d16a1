package dev.lamina.service.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Later layers win at every path, whatever the kinds of the entries there. */
class LayerMergerTest {

    @TempDir
    Path dir;

    @Test
    void laterEntriesReplaceEarlierOnesOfAnyKind() throws IOException {
        Path one = Files.createDirectories(dir.resolve("one"));
        Files.writeString(one.resolve("file-becomes-dir"), "file");
        Files.createDirectories(one.resolve("dir-becomes-file/sub"));
        Files.writeString(one.resolve("dir-becomes-file/sub/x"), "x");
        Files.writeString(one.resolve("target.txt"), "target");
        Files.createSymbolicLink(one.resolve("link-becomes-file"), Path.of("target.txt"));
        Files.writeString(one.resolve("file-becomes-link"), "file");
        Files.createDirectories(one.resolve("lib"));
        Files.createSymbolicLink(one.resolve("link-becomes-dir"), Path.of("lib"));
        Files.writeString(one.resolve("read-only.txt"), "old");
        Files.setPosixFilePermissions(one.resolve("read-only.txt"), PosixFilePermissions.fromString("r--r--r--"));

        Path two = Files.createDirectories(dir.resolve("two"));
        Files.createDirectories(two.resolve("file-becomes-dir"));
        Files.writeString(two.resolve("file-becomes-dir/inner"), "inner");
        Files.writeString(two.resolve("dir-becomes-file"), "now a file");
        Files.writeString(two.resolve("link-becomes-file"), "now a file");
        Files.createSymbolicLink(two.resolve("file-becomes-link"), Path.of("target.txt"));
        Files.createDirectories(two.resolve("link-becomes-dir"));
        Files.writeString(two.resolve("link-becomes-dir/own"), "own");
        Files.writeString(two.resolve("read-only.txt"), "new");
        Files.setPosixFilePermissions(two.resolve("read-only.txt"), PosixFilePermissions.fromString("r-xr--r--"));

        Path merged = Files.createDirectories(dir.resolve("merged"));
        LayerMerger.merge(List.of(one, two), merged);

        assertThat(merged.resolve("file-becomes-dir/inner")).content().isEqualTo("inner");
        assertThat(merged.resolve("dir-becomes-file")).isRegularFile().content().isEqualTo("now a file");
        assertThat(Files.isSymbolicLink(merged.resolve("link-becomes-file"))).isFalse();
        assertThat(merged.resolve("link-becomes-file")).content().isEqualTo("now a file");
        assertThat(merged.resolve("target.txt")).content().isEqualTo("target"); // not written through the link
        assertThat(Files.readSymbolicLink(merged.resolve("file-becomes-link"))).isEqualTo(Path.of("target.txt"));
        assertThat(Files.isDirectory(merged.resolve("link-becomes-dir"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(merged.resolve("link-becomes-dir/own")).content().isEqualTo("own");
        assertThat(merged.resolve("lib/own")).doesNotExist();
        assertThat(merged.resolve("read-only.txt")).content().isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(merged.resolve("read-only.txt"))))
                .isEqualTo("r-xr--r--");
        // The sources are untouched.
        assertThat(one.resolve("file-becomes-dir")).content().isEqualTo("file");
        assertThat(Files.isSymbolicLink(one.resolve("link-becomes-dir"))).isTrue();
    }

    @Test
    void countsOnlyRegularFileBytes() throws IOException {
        Files.writeString(dir.resolve("a"), "12345");
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/b"), "123");
        Files.createSymbolicLink(dir.resolve("l"), Path.of("a"));
        assertThat(LayerMerger.regularFileBytes(dir)).isEqualTo(8);
    }
}
