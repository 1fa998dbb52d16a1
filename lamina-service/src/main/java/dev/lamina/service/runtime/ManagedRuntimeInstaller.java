package dev.lamina.service.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the managed Java runtimes at start: for each of {@code java17}, {@code java21}, {@code java25} with a JDK at
 * or above its version, {@code <runtimesRoot>/<name>/} holding
 * <ul>
 *   <li>{@code bootstrap}, a {@code #!/bin/sh} script that {@code exec}s the JDK's {@code java} with the runtime
 *       interface client ({@link #bootstrapScript});</li>
 *   <li>{@code lib/}, a copy of the jars of the configured Java runtime library (the RIC and its dependencies), so
 *       the runtime is self-contained under {@code LAMBDA_RUNTIME_DIR} wherever an environment mounts it;</li>
 *   <li>{@code native/libaws-lambda-jni.so}, the RIC's native client for this machine, extracted once here. The
 *       bootstrap names it with the RIC's {@code ...NativeClient.JNI} system property, so the RIC loads it in place
 *       instead of copying it to the fixed {@code /tmp/.libaws-lambda-jni.so} on every start, which crashes runtimes
 *       starting at once on a shared {@code /tmp} (real-clients.md).</li>
 * </ul>
 */
public final class ManagedRuntimeInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedRuntimeInstaller.class);
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    static final String NATIVE_LIB = "native/libaws-lambda-jni.so";

    private final JdkLocator jdks;
    private final Path javaRuntimeLib;

    /**
     * @param javaRuntimeLib the directory holding the RIC jars (the CLI passes
     *                       {@code lamina-cli/target/lamina/runtimes/java/lib}); may be null or missing, in which case
     *                       Java functions can be created but their runtime has no RIC to start
     */
    public ManagedRuntimeInstaller(JdkLocator jdks, Path javaRuntimeLib) {
        this.jdks = jdks;
        this.javaRuntimeLib = javaRuntimeLib;
    }

    /** Installs every Java runtime it can under {@code runtimesRoot} and returns the catalogue. */
    public RuntimeCatalog install(Path runtimesRoot) {
        Map<String, RuntimeCatalog.ManagedRuntime> installed = new HashMap<>();
        RuntimeCatalog.JAVA.forEach((name, feature) -> {
            Optional<InstalledJdk> jdk = jdks.closestAtOrAbove(feature);
            if (jdk.isEmpty()) {
                installed.put(name, new RuntimeCatalog.ManagedRuntime(name, Optional.empty(),
                        "no JDK " + feature + " or newer is installed (searched /usr/lib/jvm and java.home)"));
                LOG.warn("managed runtime {} unavailable: no JDK {} or newer", name, feature);
                return;
            }
            Path dir = runtimesRoot.resolve(name);
            write(name, jdk.get(), dir);
            installed.put(name, new RuntimeCatalog.ManagedRuntime(name, Optional.of(dir), null));
            LOG.info("managed runtime {} on JDK {} at {}", name, jdk.get().version(), jdk.get().home());
        });
        return new RuntimeCatalog(installed);
    }

    private void write(String name, InstalledJdk jdk, Path dir) {
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir.resolve("lib"));
            copyJars(dir.resolve("lib"));
            boolean jni = extractNativeClient(dir.resolve(NATIVE_LIB));
            Path bootstrap = dir.resolve("bootstrap");
            Files.writeString(bootstrap, bootstrapScript(name, jdk, dir, jni));
            Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the managed runtime " + name + " under " + dir, e);
        }
    }

    /** The runtime's {@code bootstrap}: reads {@code _HANDLER} and {@code LAMBDA_RUNTIME_DIR} when it runs. */
    static String bootstrapScript(String name, InstalledJdk jdk, Path dir, boolean jni) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# Lamina managed runtime ").append(name).append(": the AWS Lambda Java runtime interface client on JDK ")
                .append(jdk.version()).append(".\n");
        s.append("# Written by Lamina at start; edits are lost. _HANDLER is read only here, so an\n");
        s.append("# AWS_LAMBDA_EXEC_WRAPPER may still change it (or JAVA_TOOL_OPTIONS) before this runs.\n");
        s.append("RUNTIME_DIR=\"${LAMBDA_RUNTIME_DIR:-").append(dir.toAbsolutePath()).append("}\"\n");
        s.append("exec ").append(shellQuote(jdk.javaExecutable().toString())).append(" \\\n");
        s.append("  --enable-native-access=ALL-UNNAMED \\\n");
        // the RIC opens _LAMBDA_TELEMETRY_LOG_FD through FileDescriptor's private constructor (setAccessible); without
        // this it silently falls back to stdout, and log levels and multi-line records are lost (docs/runtimes.md)
        s.append("  --add-opens=java.base/java.io=ALL-UNNAMED \\\n");
        s.append("  -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \\\n");
        if (jni) {
            s.append("  \"-D").append(JNI_PROPERTY).append("=$RUNTIME_DIR/").append(NATIVE_LIB).append("\" \\\n");
        }
        s.append("  -cp \"$LAMBDA_TASK_ROOT:$LAMBDA_TASK_ROOT/lib/*:/opt/java/lib/*:$RUNTIME_DIR/lib/*\" \\\n");
        s.append("  ").append(MAIN_CLASS).append(" \"$_HANDLER\"\n");
        return s.toString();
    }

    private void copyJars(Path lib) throws IOException {
        if (javaRuntimeLib == null || !Files.isDirectory(javaRuntimeLib)) {
            LOG.warn("Java runtime library {} is missing: Java functions will not find the runtime interface client",
                    javaRuntimeLib);
            return;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(javaRuntimeLib, "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Extracts the RIC's native client for this machine; false when there is no RIC jar or no matching library. */
    private boolean extractNativeClient(Path target) throws IOException {
        if (javaRuntimeLib == null || !Files.isDirectory(javaRuntimeLib)) {
            return false;
        }
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(javaRuntimeLib, "aws-lambda-java-runtime-interface-client*.jar")) {
            for (Path jar : jars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    ZipEntry entry = zip.getEntry("jni/" + nativeLibraryName());
                    if (entry == null) {
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /** The RIC's library name for this OS, architecture and C library, e.g. {@code libaws-lambda-jni.linux-x86_64.so}. */
    static String nativeLibraryName() {
        String arch = switch (System.getProperty("os.arch")) {
            case "aarch64", "arm64" -> "aarch_64";
            default -> "x86_64";
        };
        boolean musl = Files.exists(Path.of("/lib/ld-musl-" + (arch.equals("x86_64") ? "x86_64" : "aarch64") + ".so.1"));
        return "libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + arch + ".so";
    }

    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
