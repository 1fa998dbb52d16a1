package dev.lamina.service;

import static dev.lamina.service.RunningLamina.assertError;
import static dev.lamina.service.RunningLamina.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.protocol.control.ErrorResponse;
import dev.lamina.protocol.control.LayerVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each misuse of the layer API, and of Layers on functions, answers Lambda's error; the server keeps serving. */
class LayerMisuseTest {

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
        assertThat(lamina.publishLayer("still-serving", TestZips.of(Map.of("ok", "ok"))).statusCode()).isEqualTo(201);
        lamina.close();
    }

    static Stream<Arguments> invalidPublishes() {
        String zip = TestZips.base64(TestZips.of(Map.of("a", "a")));
        return Stream.of(
                Arguments.of("bad name", "no%20spaces", Map.of("Content", Map.of("ZipFile", zip)), "layerName"),
                Arguments.of("long name", "x".repeat(65), Map.of("Content", Map.of("ZipFile", zip)), "layerName"),
                Arguments.of("version ARN as name", "arn:aws:lambda:us-east-1:000000000000:layer:l:1",
                        Map.of("Content", Map.of("ZipFile", zip)), "layerName"),
                Arguments.of("missing Content", "l", Map.of("Description", "d"),
                        "Value 'null' at 'content' failed to satisfy constraint: Member must not be null"),
                Arguments.of("missing ZipFile", "l", Map.of("Content", Map.of()), "ZipFile is required"),
                Arguments.of("S3 content", "l", Map.of("Content", Map.of("S3Bucket", "b", "S3Key", "k")), "S3"),
                Arguments.of("bad zip", "l", Map.of("Content", Map.of("ZipFile", TestZips.base64("no zip".getBytes()))),
                        "Could not unzip uploaded file. Please check your file, then try to upload again."),
                Arguments.of("description", "l", Map.of("Content", Map.of("ZipFile", zip), "Description", "d".repeat(257)),
                        "description"),
                Arguments.of("license", "l", Map.of("Content", Map.of("ZipFile", zip), "LicenseInfo", "x".repeat(513)),
                        "licenseInfo"),
                Arguments.of("16 runtimes", "l", Map.of("Content", Map.of("ZipFile", zip),
                        "CompatibleRuntimes", IntStream.range(0, 16).mapToObj(i -> "java21").toList()),
                        "compatibleRuntimes"),
                Arguments.of("unknown runtime", "l", Map.of("Content", Map.of("ZipFile", zip),
                        "CompatibleRuntimes", List.of("cobol85")), "compatibleRuntimes"),
                Arguments.of("3 architectures", "l", Map.of("Content", Map.of("ZipFile", zip),
                        "CompatibleArchitectures", List.of("x86_64", "arm64", "x86_64")), "compatibleArchitectures"),
                Arguments.of("unknown architecture", "l", Map.of("Content", Map.of("ZipFile", zip),
                        "CompatibleArchitectures", List.of("mips")), "compatibleArchitectures"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPublishes")
    void invalidPublishIs400AndPublishesNothing(String misuse, String name, Map<String, Object> body, String part) {
        ErrorResponse e = assertError(lamina.send("POST", "/2018-10-31/layers/" + name + "/versions", body), 400,
                "InvalidParameterValueException");
        assertThat(e.message()).contains(part);
        assertError(lamina.get("/2018-10-31/layers/l/versions/1"), 404, "ResourceNotFoundException");
    }

    @Test
    void malformedJsonIs400() {
        assertError(lamina.send("POST", "/2018-10-31/layers/l/versions", "{\"Content\":".getBytes()), 400,
                "InvalidRequestContentException");
    }

    @Test
    void hostileZipIsRefusedAndWritesNothing() throws IOException {
        byte[] zip = TestZips.of(Map.of("lib/ok.txt", "x", "../../escaped.txt", "pwned"));
        ErrorResponse e = assertError(lamina.publishLayer("l", zip), 400, "InvalidParameterValueException");
        assertThat(e.message()).contains("Could not unzip");
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("escaped.txt"))).isEmpty();
        }
        try (Stream<Path> extracted = Files.list(data.resolve("code/extracted"))) {
            assertThat(extracted).isEmpty();
        }
        ErrorResponse bomb = assertError(lamina.publishLayer("l", TestZips.bomb(262_144_000L + 1024 * 1024)), 400,
                "InvalidParameterValueException");
        assertThat(bomb.message()).isEqualTo("Unzipped size must be smaller than 262144000 bytes");
    }

    @Test
    void unknownVersionIs404() {
        lamina.publishLayer("l", TestZips.of(Map.of("a", "a")));
        for (String path : List.of("/2018-10-31/layers/l/versions/2", "/2018-10-31/layers/nope/versions/1",
                "/2018-10-31/layers?find=LayerVersion&Arn=arn:aws:lambda:us-east-1:000000000000:layer:l:2",
                "/2018-10-31/layers?find=LayerVersion&Arn=arn:aws:lambda:us-east-1:111111111111:layer:l:1")) {
            ErrorResponse e = assertError(lamina.get(path), 404, "ResourceNotFoundException");
            assertThat(e.message()).as(path).isEqualTo("The resource you requested does not exist.");
        }
        assertError(lamina.get("/2018-10-31/layers/l/versions/x"), 400, "InvalidParameterValueException");
        assertError(lamina.get("/2018-10-31/layers?find=LayerVersion&Arn=arn:aws:lambda:us-east-1:000000000000:layer:l"),
                400, "InvalidParameterValueException");
        assertError(lamina.get("/2018-10-31/layers?find=LayerVersion"), 400, "InvalidParameterValueException");
    }

    @Test
    void badListParametersAre400() {
        for (String query : List.of("MaxItems=0", "MaxItems=51", "MaxItems=x", "CompatibleRuntime=cobol85",
                "CompatibleArchitecture=mips")) {
            assertError(lamina.get("/2018-10-31/layers?" + query), 400, "InvalidParameterValueException");
            assertError(lamina.get("/2018-10-31/layers/l/versions?" + query), 400, "InvalidParameterValueException");
        }
        assertError(lamina.get("/2018-10-31/layers/l/versions?Marker=x"), 400, "InvalidParameterValueException");
        assertError(lamina.send("PUT", "/2018-10-31/layers/l/versions", (byte[]) null), 404, "ResourceNotFoundException");
    }

    @Test
    void moreThanFiveLayersOnAFunctionIs400() {
        List<String> arns = IntStream.rangeClosed(1, 6).mapToObj(i -> read(
                lamina.publishLayer("l" + i, TestZips.of(Map.of("f" + i, "x"))), LayerVersion.class).layerVersionArn())
                .toList();
        ErrorResponse e = assertError(lamina.create("fn", TestZips.simple("x"), arns), 400,
                "InvalidParameterValueException");
        assertThat(e.message()).isEqualTo("Cannot reference more than 5 layers.");
        assertError(lamina.get("/2015-03-31/functions/fn"), 404, "ResourceNotFoundException");

        assertThat(lamina.create("fn", TestZips.simple("x"), arns.subList(0, 5)).statusCode()).isEqualTo(201);
        assertError(lamina.send("PUT", "/2015-03-31/functions/fn/configuration", Map.of("Layers", arns)), 400,
                "InvalidParameterValueException");
    }

    @Test
    void unknownOrMalformedLayerArnOnAFunctionIs400() {
        String v1 = read(lamina.publishLayer("l", TestZips.of(Map.of("a", "a"))), LayerVersion.class).layerVersionArn();
        String missing = "arn:aws:lambda:us-east-1:000000000000:layer:l:2";
        ErrorResponse e = assertError(lamina.create("fn", TestZips.simple("x"), List.of(v1, missing)), 400,
                "InvalidParameterValueException");
        assertThat(e.message()).isEqualTo("Layer version " + missing + " does not exist.");
        String foreign = "arn:aws:lambda:us-east-1:111111111111:layer:l:1";
        assertThat(assertError(lamina.create("fn", TestZips.simple("x"), List.of(foreign)), 400,
                "InvalidParameterValueException").message()).isEqualTo("Layer version " + foreign + " does not exist.");
        assertThat(assertError(lamina.create("fn", TestZips.simple("x"),
                List.of("arn:aws:lambda:eu-west-1:000000000000:layer:l:1")), 400, "InvalidParameterValueException")
                .message()).contains("Layers are expected to be in region us-east-1");
        assertThat(assertError(lamina.create("fn", TestZips.simple("x"),
                List.of("arn:aws:lambda:us-east-1:000000000000:layer:l")), 400, "InvalidParameterValueException")
                .message()).contains("at 'layers' failed to satisfy constraint");
        lamina.publishLayer("l", TestZips.of(Map.of("a", "b")));
        assertThat(assertError(lamina.create("fn", TestZips.simple("x"), List.of(v1, missing)), 400,
                "InvalidParameterValueException").message()).contains("Two different versions of the same layer");
        assertError(lamina.get("/2015-03-31/functions/fn"), 404, "ResourceNotFoundException");

        lamina.create("fn", TestZips.simple("x"));
        assertThat(assertError(lamina.send("PUT", "/2015-03-31/functions/fn/configuration",
                Map.of("Layers", List.of("arn:aws:lambda:us-east-1:000000000000:layer:l:9"))), 400,
                "InvalidParameterValueException").message()).endsWith("layer:l:9 does not exist.");
    }

    @Test
    void codeAndLayersOver250MbTogetherAre400() {
        long layerBytes = 262_144_000L - 1000;
        String big = read(lamina.publishLayer("big", TestZips.bomb(layerBytes)), LayerVersion.class).layerVersionArn();
        byte[] code = TestZips.of(Map.of("bootstrap", "x".repeat(2000)));
        String expected = "Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. "
                + "The actual size is " + (layerBytes + 2000) + " bytes.";

        ErrorResponse created = assertError(lamina.create("fn", code, List.of(big)), 400,
                "InvalidParameterValueException");
        assertThat(created.message()).isEqualTo(expected);
        assertError(lamina.get("/2015-03-31/functions/fn"), 404, "ResourceNotFoundException");

        assertThat(lamina.create("fn", code).statusCode()).isEqualTo(201);
        ErrorResponse updated = assertError(lamina.send("PUT", "/2015-03-31/functions/fn/configuration",
                Map.of("Layers", List.of(big))), 400, "InvalidParameterValueException");
        assertThat(updated.message()).isEqualTo(expected);

        assertThat(lamina.create("small", TestZips.of(Map.of("bootstrap", "x")), List.of(big)).statusCode())
                .isEqualTo(201);
        Map<String, Object> body = new HashMap<>(Map.of("ZipFile", TestZips.base64(code)));
        ErrorResponse grown = assertError(lamina.send("PUT", "/2015-03-31/functions/small/code", body), 400,
                "InvalidParameterValueException");
        assertThat(grown.message()).isEqualTo(expected);
    }
}
