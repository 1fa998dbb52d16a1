package dev.lamina.service.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.service.core.LaminaException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void closestJdkAtOrAboveIsChosen() throws IOException {
        Path jvms = dir.resolve("jvm");
        fakeJdk(jvms.resolve("jdk-17"), "17.0.15");
        fakeJdk(jvms.resolve("jdk-25"), "25.0.3");
        Files.createSymbolicLink(jvms.resolve("alias-17"), jvms.resolve("jdk-17"));
        Files.createDirectories(jvms.resolve("not-a-jdk"));
        JdkLocator locator = new JdkLocator(List.of(jvms), List.of());

        assertThat(locator.installed()).extracting(InstalledJdk::feature).containsExactly(17, 25);
        assertThat(locator.closestAtOrAbove(17)).get().extracting(InstalledJdk::feature).isEqualTo(17);
        assertThat(locator.closestAtOrAbove(21)).get().extracting(InstalledJdk::feature).isEqualTo(25);
        assertThat(locator.closestAtOrAbove(26)).isEmpty();
        assertThat(InstalledJdk.featureOf("1.8.0_392")).isEqualTo(8);
        assertThat(InstalledJdk.featureOf("25-ea")).isEqualTo(25);
    }

    @Test
    void installsBootstrapLibAndNativeClient() throws IOException {
        Path jvms = dir.resolve("jvm");
        fakeJdk(jvms.resolve("jdk-25"), "25.0.3");
        Path lib = Files.createDirectories(dir.resolve("ric-lib"));
        try (ZipOutputStream jar = new ZipOutputStream(
                new FileOutputStream(lib.resolve("aws-lambda-java-runtime-interface-client-2.10.1.jar").toFile()))) {
            jar.putNextEntry(new ZipEntry("jni/" + ManagedRuntimeInstaller.nativeLibraryName()));
            jar.write("ELF".getBytes());
            jar.closeEntry();
        }
        Files.writeString(lib.resolve("aws-lambda-java-core-1.4.0.jar"), "jar");

        RuntimeCatalog catalog = new ManagedRuntimeInstaller(new JdkLocator(List.of(jvms), List.of()), lib)
                .install(dir.resolve("runtimes"));

        ResolvedRuntime java21 = catalog.resolve("java21");
        assertThat(java21.executionEnv()).isEqualTo("AWS_Lambda_java21");
        Path bootstrap = java21.runtimeDir().resolve("bootstrap");
        assertThat(Files.isExecutable(bootstrap)).isTrue();
        String script = Files.readString(bootstrap);
        assertThat(script).startsWith("#!/bin/sh\n")
                .contains("exec '" + jvms.resolve("jdk-25").toRealPath() + "/bin/java'")
                .contains("--enable-native-access=ALL-UNNAMED")
                .contains("--add-opens=java.base/java.io=ALL-UNNAMED") // else the RIC ignores _LAMBDA_TELEMETRY_LOG_FD
                .contains("-XX:+TieredCompilation -XX:TieredStopAtLevel=1")
                .contains("\"-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                        + "$RUNTIME_DIR/native/libaws-lambda-jni.so\"")
                .contains("-cp \"$LAMBDA_TASK_ROOT:$LAMBDA_TASK_ROOT/lib/*:/opt/java/lib/*:$RUNTIME_DIR/lib/*\"")
                .endsWith("com.amazonaws.services.lambda.runtime.api.client.AWSLambda \"$_HANDLER\"\n");
        assertThat(java21.runtimeDir().resolve("native/libaws-lambda-jni.so")).hasContent("ELF");
        assertThat(java21.runtimeDir().resolve("lib/aws-lambda-java-core-1.4.0.jar")).exists();

        assertThat(catalog.resolve("provided.al2023").runtimeDir()).isNull();
        assertThat(catalog.resolve("provided").executionEnv()).isNull();
        assertThat(catalog.resolve("java17").runtimeDir().resolve("bootstrap")).content()
                .contains(jvms.resolve("jdk-25").toRealPath() + "/bin/java"); // closest at or above 17
        assertThatThrownBy(() -> catalog.resolve("nodejs20.x")).isInstanceOf(LaminaException.class)
                .hasMessageContaining("Supported runtimes: java17, java21, java25, provided, provided.al2, provided.al2023");
    }

    @Test
    void theBootstrapRunsAndReadsTheHandlerLate() throws Exception {
        Path jvms = dir.resolve("jvm");
        Path jdk = fakeJdk(jvms.resolve("jdk-21"), "21.0.1");
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        RuntimeCatalog catalog = new ManagedRuntimeInstaller(new JdkLocator(List.of(jvms), List.of()), null)
                .install(dir.resolve("runtimes"));
        Path runtimeDir = catalog.resolve("java21").runtimeDir();
        assertThatThrownBy(() -> catalog.resolve("java25")).isInstanceOf(LaminaException.class)
                .hasMessageContaining("no JDK 25 or newer");

        ProcessBuilder pb = new ProcessBuilder(runtimeDir.resolve("bootstrap").toString());
        pb.environment().put("_HANDLER", "example.Handler::handleRequest");
        pb.environment().put("LAMBDA_TASK_ROOT", "/var/task");
        pb.environment().put("LAMBDA_RUNTIME_DIR", "/var/runtime");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out.lines().toList()).endsWith(
                "-cp", "/var/task:/var/task/lib/*:/opt/java/lib/*:/var/runtime/lib/*",
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", "example.Handler::handleRequest");
    }

    private static Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        return home;
    }
}
