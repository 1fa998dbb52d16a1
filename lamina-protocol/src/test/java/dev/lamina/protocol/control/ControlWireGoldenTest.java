package dev.lamina.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every control-plane wire record reads its golden fixture with unknown members refused and writes it back. */
class ControlWireGoldenTest {

    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static List<Object[]> fixtures() {
        return List.of(
                new Object[] {"function-configuration.json", FunctionConfiguration.class},
                new Object[] {"get-function-response.json", GetFunctionResponse.class},
                new Object[] {"list-functions-response.json", ListFunctionsResponse.class},
                new Object[] {"create-function-request.json", CreateFunctionRequest.class},
                new Object[] {"update-function-code-request.json", UpdateFunctionCodeRequest.class},
                new Object[] {"update-function-configuration-request.json", UpdateFunctionConfigurationRequest.class},
                new Object[] {"error-response.json", ErrorResponse.class},
                new Object[] {"throttle-response.json", ThrottleResponse.class},
                new Object[] {"function-concurrency.json", FunctionConcurrency.class},
                new Object[] {"publish-layer-version-request.json", PublishLayerVersionRequest.class},
                new Object[] {"layer-version.json", LayerVersion.class},
                new Object[] {"list-layers-response.json", ListLayersResponse.class},
                new Object[] {"list-layer-versions-response.json", ListLayerVersionsResponse.class});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void roundTripsItsGoldenFixture(String fixture, Class<?> type) throws IOException {
        JsonNode golden = STRICT.readTree(read(fixture));
        Object record = STRICT.treeToValue(golden, type);
        JsonNode written = STRICT.readTree(STRICT.writeValueAsBytes(record));
        assertThat(written).isEqualTo(golden);
    }

    @Test
    void configurationFieldsAreTyped() throws IOException {
        FunctionConfiguration c = STRICT.readValue(read("function-configuration.json"), FunctionConfiguration.class);
        assertThat(c.functionName()).isEqualTo("my-function");
        assertThat(c.codeSize()).isEqualTo(5797206L);
        assertThat(c.environment().variables()).containsEntry("PREFIX", "inbound");
        assertThat(c.architectures()).containsExactly("x86_64");
        assertThat(c.snapStart()).isEqualTo(SnapStartResponse.OFF);
        assertThat(c.loggingConfig()).isEqualTo(LoggingConfig.text("my-function"));
        assertThat(c.tracingConfig()).isEqualTo(TracingConfig.PASS_THROUGH);
        assertThat(c.layers()).containsExactly(
                new Layer("arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3", 169L));
    }

    @Test
    void layerVersionFieldsAreTyped() throws IOException {
        LayerVersion v = STRICT.readValue(read("layer-version.json"), LayerVersion.class);
        assertThat(v.version()).isEqualTo(1L);
        assertThat(v.content().codeSize()).isEqualTo(169L);
        assertThat(v.compatibleArchitectures()).containsExactly("arm64", "x86_64");
        PublishLayerVersionRequest r =
                STRICT.readValue(read("publish-layer-version-request.json"), PublishLayerVersionRequest.class);
        assertThat(r.content().zipFile()).isEqualTo("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==");
        assertThat(STRICT.readValue(read("update-function-configuration-request.json"),
                UpdateFunctionConfigurationRequest.class).layers()).isEmpty();
    }

    @Test
    void nullsAreOmittedAndOutputIsCompact() throws IOException {
        assertThat(STRICT.writeValueAsString(new ErrorResponse("User", "boom")))
                .isEqualTo("{\"Type\":\"User\",\"Message\":\"boom\"}");
        assertThat(STRICT.writeValueAsString(new GetFunctionResponse(null, new FunctionCodeLocation("S3", "u"), null, null)))
                .isEqualTo("{\"Code\":{\"RepositoryType\":\"S3\",\"Location\":\"u\"}}");
        assertThat(STRICT.writeValueAsString(FunctionConcurrency.NONE)).isEqualTo("{}");
    }

    @Test
    void requestsIgnoreMembersLaminaDoesNotSupport() throws IOException {
        CreateFunctionRequest r = new ObjectMapper().readValue(
                "{\"FunctionName\":\"f\",\"VpcConfig\":{\"SubnetIds\":[]},\"KMSKeyArn\":\"k\"}",
                CreateFunctionRequest.class);
        assertThat(r.functionName()).isEqualTo("f");
        assertThat(r.environment()).isNull();
        assertThat(new ObjectMapper().readValue("{\"Variables\":{\"A1\":\"x\"}}", EnvironmentVariables.class))
                .isEqualTo(new EnvironmentVariables(Map.of("A1", "x")));
    }

    private static byte[] read(String fixture) throws IOException {
        try (InputStream in = ControlWireGoldenTest.class.getResourceAsStream("/control/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return in.readAllBytes();
        }
    }
}
