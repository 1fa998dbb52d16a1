package dev.lamina.service.code;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges extracted layers into one directory, in order, the way Lambda fills {@code /opt}: a later layer's entry
 * replaces whatever an earlier layer had at the same path. A file or link replaces a file, link or whole directory;
 * a directory replaces a file or link and merges with a directory. Files keep their Unix modes; links are copied as
 * links (the extractor only lets them point down into their own directory), and nothing is ever written through a
 * link, because every parent of a written path is a real directory this merge created.
 */
final class LayerMerger {

    private static final int DIRECTORY_MODE = 0755;

    private LayerMerger() {}

    /** Copies each source tree into {@code target} (an empty directory), later sources overwriting earlier ones. */
    static void merge(List<Path> sources, Path target) throws IOException {
        List<Path> directories = new ArrayList<>();
        for (Path source : sources) {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path dest = target.resolve(source.relativize(dir).toString());
                    if (dest.equals(target)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(dest); // a file or link of an earlier layer
                        Files.createDirectory(dest);
                        directories.add(dest);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path dest = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                        CodeStore.deleteRecursively(dest);
                    }
                    if (attrs.isSymbolicLink()) {
                        Files.deleteIfExists(dest);
                        Files.createSymbolicLink(dest, Files.readSymbolicLink(file));
                    } else if (attrs.isRegularFile()) {
                        Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                                LinkOption.NOFOLLOW_LINKS);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        for (Path dir : directories) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(dir, ZipExtractor.permissions(DIRECTORY_MODE));
            }
        }
    }

    /** The bytes of the regular files under {@code root} (links and directories count nothing). */
    static long regularFileBytes(Path root) throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
