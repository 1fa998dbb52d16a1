package dev.lamina.service;

import static dev.lamina.service.RunningLamina.ROLE;
import static dev.lamina.service.RunningLamina.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.protocol.control.ErrorResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each misuse of the function API answers Lambda's error, and the server keeps serving. */
class FunctionMisuseTest {

    /** The test's own directory: a traversal must not escape it (walking the shared /tmp races other processes). */
    @TempDir
    Path root;

    private Path data;

    private RunningLamina lamina;

    @BeforeEach
    void start() throws InterruptedException {
        data = root.resolve("data");
        lamina = new RunningLamina(data);
    }

    @AfterEach
    void stillServingThenStop() {
        assertThat(lamina.create("still-serving", TestZips.simple("ok")).statusCode()).isEqualTo(201);
        lamina.close();
    }

    @Test
    void unknownFunctionIs404WithItsArn() {
        ErrorResponse e = assertError(lamina.get("/2015-03-31/functions/nope"), 404, "ResourceNotFoundException");
        assertThat(e.message()).isEqualTo("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
        assertError(lamina.send("POST", "/2015-03-31/functions/nope/invocations", "{}".getBytes()), 404,
                "ResourceNotFoundException");
        assertError(lamina.send("DELETE", "/2015-03-31/functions/nope", (byte[]) null), 404, "ResourceNotFoundException");
        assertError(lamina.send("PUT", "/2015-03-31/functions/nope/code",
                Map.of("ZipFile", TestZips.base64(TestZips.simple("x")))), 404, "ResourceNotFoundException");
    }

    @Test
    void duplicateIs409() {
        lamina.create("fn", TestZips.simple("a"));
        ErrorResponse e = assertError(lamina.create("fn", TestZips.simple("b")), 409, "ResourceConflictException");
        assertThat(e.message()).isEqualTo("Function already exist: fn");
    }

    @Test
    void malformedJsonIs400() {
        assertError(lamina.send("POST", "/2015-03-31/functions", "{\"FunctionName\":".getBytes()), 400,
                "InvalidRequestContentException");
        lamina.create("fn", TestZips.simple("a"));
        assertError(lamina.send("PUT", "/2015-03-31/functions/fn/configuration", "not json".getBytes()), 400,
                "InvalidRequestContentException");
        ErrorResponse e = assertError(lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{oops".getBytes()),
                400, "InvalidRequestContentException");
        assertThat(e.message()).startsWith("Could not parse request body into json:");
    }

    static Stream<Arguments> invalidCreates() {
        return Stream.of(
                Arguments.of("missing Role", Map.of("Role", ""), "role"),
                Arguments.of("bad Role", Map.of("Role", "arn:aws:iam::1:role/x"), "role"),
                Arguments.of("missing Runtime", Map.of("Runtime", ""), "Runtime and Handler are mandatory"),
                Arguments.of("missing Handler", Map.of("Handler", ""), "Runtime and Handler are mandatory"),
                Arguments.of("unsupported runtime", Map.of("Runtime", "python3.12"), "java17, java21, java25, provided"),
                Arguments.of("bad name", Map.of("FunctionName", "no spaces"), "functionName"),
                Arguments.of("long name", Map.of("FunctionName", "x".repeat(65)), "functionName"),
                Arguments.of("timeout", Map.of("Timeout", 901), "timeout"),
                Arguments.of("memory", Map.of("MemorySize", 64), "memorySize"),
                Arguments.of("ephemeral", Map.of("EphemeralStorage", Map.of("Size", 100)), "ephemeralStorage"),
                Arguments.of("architecture", Map.of("Architectures", java.util.List.of("mips")), "architectures"),
                Arguments.of("description", Map.of("Description", "d".repeat(257)), "description"),
                Arguments.of("env key", Map.of("Environment", Map.of("Variables", Map.of("1BAD", "x"))), "environment"),
                Arguments.of("reserved env", Map.of("Environment", Map.of("Variables", Map.of("AWS_REGION", "x"))), "AWS_REGION"),
                Arguments.of("env size", Map.of("Environment", Map.of("Variables", Map.of("BIG", "x".repeat(5000)))), "4KB"),
                Arguments.of("image", Map.of("PackageType", "Image"), "PackageType Zip"),
                Arguments.of("S3 code", Map.of("Code", Map.of("S3Bucket", "b", "S3Key", "k")), "S3"),
                Arguments.of("bad zip", Map.of("Code", Map.of("ZipFile", TestZips.base64("not a zip".getBytes()))),
                        "Could not unzip uploaded file. Please check your file, then try to upload again."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCreates")
    void invalidCreateIs400(String misuse, Map<String, Object> override, String messagePart) {
        Map<String, Object> body = new HashMap<>(Map.of("FunctionName", "fn", "Runtime", "provided.al2", "Role", ROLE,
                "Handler", "h", "Code", Map.of("ZipFile", TestZips.base64(TestZips.simple("x")))));
        override.forEach((k, v) -> {
            if ("".equals(v)) {
                body.remove(k);
            } else {
                body.put(k, v);
            }
        });
        ErrorResponse e = assertError(lamina.send("POST", "/2015-03-31/functions", body), 400,
                "InvalidParameterValueException");
        assertThat(e.message()).contains(messagePart);
        assertError(lamina.get("/2015-03-31/functions/fn"), 404, "ResourceNotFoundException");
    }

    @Test
    void pathTraversalZipIsRefusedAndWritesNothing() throws IOException {
        byte[] zip = TestZips.of(Map.of("bootstrap", "x", "../../escaped.txt", "pwned"));
        ErrorResponse e = assertError(lamina.create("fn", zip), 400, "InvalidParameterValueException");
        assertThat(e.message()).contains("Could not unzip");
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("escaped.txt"))).isEmpty();
        }
        try (Stream<Path> extracted = Files.list(data.resolve("code/extracted"));
                Stream<Path> tmp = Files.list(data.resolve("code/tmp"))) {
            assertThat(extracted).isEmpty();
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void zipBombIsRefusedByCountingInflatedBytes() throws IOException {
        byte[] bomb = TestZips.bomb(262_144_000L + 1024 * 1024);
        assertThat(bomb.length).isLessThan(1024 * 1024);
        ErrorResponse e = assertError(lamina.create("fn", bomb), 400, "InvalidParameterValueException");
        assertThat(e.message()).isEqualTo("Unzipped size must be smaller than 262144000 bytes");
        try (Stream<Path> extracted = Files.list(data.resolve("code/extracted"));
                Stream<Path> tmp = Files.list(data.resolve("code/tmp"))) {
            assertThat(extracted).isEmpty();
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void unknownRouteIs404WithJson() {
        ErrorResponse e = assertError(lamina.get("/2015-03-31/nothing-here"), 404, "ResourceNotFoundException");
        assertThat(e.message()).contains("GET /2015-03-31/nothing-here");
        assertError(lamina.send("PATCH", "/2015-03-31/functions/fn", (byte[]) null), 404, "ResourceNotFoundException");
        assertError(lamina.get("/"), 404, "ResourceNotFoundException");
    }

    @Test
    void revisionMismatchIs412() {
        lamina.create("fn", TestZips.simple("a"));
        assertError(lamina.send("PUT", "/2015-03-31/functions/fn/configuration", Map.of("RevisionId", "stale")), 412,
                "PreconditionFailedException");
        assertError(lamina.send("PUT", "/2015-03-31/functions/fn/code",
                Map.of("ZipFile", TestZips.base64(TestZips.simple("b")), "RevisionId", "stale")), 412,
                "PreconditionFailedException");
    }

    @Test
    void badListParametersAre400() {
        assertError(lamina.get("/2015-03-31/functions?MaxItems=abc"), 400, "InvalidParameterValueException");
        assertError(lamina.get("/2015-03-31/functions?MaxItems=0"), 400, "InvalidParameterValueException");
    }
}
