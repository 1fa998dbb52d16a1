package dev.lamina.it;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds function zips from the fixtures under {@code src/test/resources/fixtures}, as a user would ship them. */
final class FunctionZips {
    private FunctionZips() {}

    /** The curl-based custom runtime: an executable {@code bootstrap} at the zip's root. */
    static byte[] shellRuntime(Path workDir) {
        return zip(workDir.resolve("shell.zip"), Map.of("bootstrap", resource("fixtures/shell/bootstrap")));
    }

    /**
     * The Java handler {@code example.Hello}, compiled for Java 17 so every Java runtime can load it, with the
     * class file at the zip's root as Lambda's Java runtimes expect.
     */
    static byte[] javaHandler(Path workDir) {
        return javaHandler(workDir, "Hello");
    }

    /** A zip with the fixture handler {@code fixtures/java/example/<className>.java}, compiled for Java 17. */
    static byte[] javaHandler(Path workDir, String className) {
        try {
            Path src = workDir.resolve("src/example/" + className + ".java");
            Files.createDirectories(src.getParent());
            Files.write(src, resource("fixtures/java/example/" + className + ".java"));
            Path classes = Files.createDirectories(workDir.resolve("classes"));
            String coreJar = Path.of(RequestHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, System.err,
                    "--release", "17", "-cp", coreJar, "-d", classes.toString(), src.toString());
            if (rc != 0) {
                throw new IllegalStateException("fixture did not compile");
            }
            byte[] clazz = Files.readAllBytes(classes.resolve("example/" + className + ".class"));
            return zip(workDir.resolve(className + ".zip"), Map.of("example/" + className + ".class", clazz));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a zip whose entries carry Unix permissions (rwxr-xr-x), as {@code zip} on Linux records them. */
    static byte[] zip(Path target, Map<String, byte[]> entries) {
        try {
            Files.deleteIfExists(target);
            URI uri = URI.create("jar:" + target.toUri());
            try (FileSystem fs = FileSystems.newFileSystem(uri,
                    Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    Path p = fs.getPath(e.getKey());
                    if (p.getParent() != null) {
                        Files.createDirectories(p.getParent());
                    }
                    Files.write(p, e.getValue());
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = FunctionZips.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files under a directory, for leak checks. */
    static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.toList();
        }
    }
}
