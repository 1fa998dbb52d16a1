package dev.lamina.bench.runtime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds the benchmark functions: the keep-alive runtime, the Java runtime interface client, the shell bootstrap. */
public final class FunctionPackages {

    private static final String KEEPALIVE_CLASS = "dev/lamina/bench/runtime/KeepAliveRuntime.class";
    private static final String EXTENSION_CLASS = "dev/lamina/bench/runtime/KeepAliveExtension.class";

    private FunctionPackages() {}

    /** The minimal keep-alive runtime: a {@code bootstrap} and {@link KeepAliveRuntime}'s class file. */
    public static BenchFunction keepAlive(String name) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new BenchFunction(name, "provided.al2023", "bench.keepalive",
                Map.of("bootstrap", resource("bench/keepalive-bootstrap"), KEEPALIVE_CLASS, resource(KEEPALIVE_CLASS)),
                Map.of("BENCH_JAVA", java));
    }

    /**
     * The telemetry flood: a curl {@code bootstrap} printing N lines on {@code {"emit":N}} and answering what the
     * subscriber measured on any other event.
     */
    public static BenchFunction telemetryFlood(String name, String protocol) {
        return new BenchFunction(name, "provided.al2023", "bench.telemetry",
                Map.of("bootstrap", resource("bench/telemetry-bootstrap")), Map.of("BENCH_SUB_PROTOCOL", protocol));
    }

    /** The telemetry subscriber extension as a layer's files ({@code extensions/} launcher and its Python). */
    public static BenchFunction telemetrySubscriberLayer() {
        byte[] launcher = ("#!/bin/sh\nexec python3 /opt/bench/telemetry-subscriber.py \"$(basename \"$0\")\"\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new BenchFunction("bench-telemetry-layer", "provided.al2023", "-",
                Map.of("extensions/bench-telemetry", launcher,
                        "bench/telemetry-subscriber.py", resource("bench/telemetry-subscriber.py")), Map.of());
    }

    /**
     * A layer's files holding one external extension, {@code bench-extension} ({@link KeepAliveExtension}): the
     * executable {@code extensions/bench-extension} and its class under {@code bench-extension/}.
     */
    public static Map<String, byte[]> extensionLayer() {
        return Map.of("extensions/bench-extension", resource("bench/keepalive-extension"),
                "bench-extension/" + EXTENSION_CLASS, resource(EXTENSION_CLASS));
    }

    /** A shell {@code bootstrap} driving the Runtime API with curl. */
    public static BenchFunction shell(String name) {
        return new BenchFunction(name, "provided.al2023", "bench.shell",
                Map.of("bootstrap", resource("bench/shell-bootstrap")), Map.of());
    }

    /**
     * The {@code idle} scenario's runtime: the curl shell {@code bootstrap} that, after answering an event
     * {@code {"hold":"host:port"}}, waits for an HTTP answer from that address before its next {@code next}.
     */
    public static BenchFunction shellHold(String name) {
        return new BenchFunction(name, "provided.al2023", "bench.hold",
                Map.of("bootstrap", resource("bench/hold-bootstrap")), Map.of());
    }

    /**
     * A {@code java21} function run by the real AWS runtime interface client: {@code bench.EchoHandler}, compiled
     * for Java 17 in {@code workDir} so every Java runtime can load it.
     */
    public static BenchFunction javaEcho(String name, Path workDir) {
        try {
            Path src = workDir.resolve("src/bench/EchoHandler.java");
            Files.createDirectories(src.getParent());
            Files.write(src, resource("bench/EchoHandler.java"));
            Path classes = Files.createDirectories(workDir.resolve("classes"));
            String coreJar = Path.of(RequestStreamHandler.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).toString();
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, System.err, "--release", "17", "-cp", coreJar, "-d", classes.toString(),
                    src.toString());
            if (rc != 0) {
                throw new IllegalStateException("bench/EchoHandler.java did not compile");
            }
            return new BenchFunction(name, "java21", "bench.EchoHandler::handleRequest",
                    Map.of("bench/EchoHandler.class", Files.readAllBytes(classes.resolve("bench/EchoHandler.class"))),
                    Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = FunctionPackages.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
