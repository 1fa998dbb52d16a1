package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.service.invoke.PoolSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Extensions shipped in layers, through the REST API with the AWS SDK for Java v2: discovery under
 * {@code /opt/extensions}, the events an extension records, layer order and overwrite, a deleted layer version, and
 * an internal extension plus {@code AWS_LAMBDA_EXEC_WRAPPER} with the real Java runtime interface client.
 */
class ExtensionsLayerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    @TempDir
    Path tmp;

    private TestLamina lamina;
    private LambdaClient lambda;
    private RecordingEndpoint logs;

    @BeforeEach
    void start() throws Exception {
        logs = new RecordingEndpoint();
        lamina = TestLamina.start(tmp.resolve("data"), PoolSettings.defaults(), logs.network());
        lambda = Sdk.client(lamina.endpoint());
    }

    @AfterEach
    void stop() {
        lambda.close();
        lamina.close();
        logs.close();
    }

    private String layer(String name, Map<String, byte[]> files) {
        byte[] zip = FunctionZips.zip(tmp.resolve(name + ".zip"), files);
        return lambda.publishLayerVersion(b -> b.layerName(name)
                .content(c -> c.zipFile(SdkBytes.fromByteArray(zip)))).layerVersionArn();
    }

    private void shellFunction(String name, Map<String, String> env, String... layers) throws Exception {
        byte[] zip = FunctionZips.shellRuntime(Files.createDirectories(tmp.resolve("fn-" + name)));
        lambda.createFunction(b -> b.functionName(name).runtime("provided.al2023").handler("x")
                .role("arn:aws:iam::000000000000:role/lambda").timeout(20)
                .environment(e -> e.variables(env)).layers(layers)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    private List<String> recorded(String file) {
        return logs.lines(file);
    }

    @Test
    void anExtensionFromALayerRecordsRegisterInvokesAndShutdown() throws Exception {
        String arn = layer("recorder", Map.of("extensions/recorder", FunctionZips.resource("fixtures/extensions/recorder")));
        shellFunction("with-ext", Map.of("EXT_SINK", logs.url()), arn);
        InvokeResponse first = Sdk.invoke(lambda, "with-ext", "{\"n\":1}");
        InvokeResponse second = Sdk.invoke(lambda, "with-ext", "{\"n\":2}");
        assertThat(first.functionError()).isNull();
        assertThat(second.functionError()).isNull();
        assertThat(Sdk.log(first)).contains("EXTENSION\tName: recorder\tState: Ready\tEvents: [INVOKE,SHUTDOWN]");
        lamina.close(); // spindown: the extension gets SHUTDOWN
        List<String> events = recorded("recorder.log");
        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isEqualTo(
                "REGISTER {\"functionName\":\"with-ext\",\"functionVersion\":\"$LATEST\",\"handler\":\"x\"}");
        for (int i = 1; i <= 2; i++) {
            InvokeResponse r = i == 1 ? first : second;
            JsonNode event = JSON.readTree(events.get(i));
            assertThat(event.get("eventType").asText()).isEqualTo("INVOKE");
            assertThat(event.get("requestId").asText()).isEqualTo(r.responseMetadata().requestId());
            assertThat(event.get("invokedFunctionArn").asText()).isEqualTo(ARN + "with-ext");
            assertThat(event.get("deadlineMs").asLong()).isGreaterThan(System.currentTimeMillis() - 60_000);
        }
        assertThat(events.get(3)).startsWith("{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":")
                .endsWith(",\"shutdownReason\":\"spindown\"}");
    }

    @Test
    void laterLayersOverwriteEarlierOnesAndADeletedLayerVersionStillStarts() throws Exception {
        byte[] recorder = FunctionZips.resource("fixtures/extensions/recorder");
        byte[] tagA = "#!/bin/sh\nEXT_TAG=-from-a\n".getBytes(StandardCharsets.UTF_8);
        byte[] tagB = "#!/bin/sh\nEXT_TAG=-from-b\n".getBytes(StandardCharsets.UTF_8);
        String a = layer("layer-a", Map.of("extensions/ext", concat(tagA, recorder), "extensions/only-a",
                concat(tagA, recorder)));
        String b = layer("layer-b", Map.of("extensions/ext", concat(tagB, recorder)));
        shellFunction("ordered", Map.of("EXT_SINK", logs.url()), a, b);
        lambda.deleteLayerVersion(d -> d.layerName("layer-b").versionNumber(1L));
        InvokeResponse r = Sdk.invoke(lambda, "ordered", "{}");
        assertThat(r.functionError()).as(new String(r.payload().asByteArray())).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded("ext-from-b.log").size() >= 2);
        assertThat(recorded("ext-from-a.log")).as("layer-b's ext overwrote layer-a's").isEmpty();
        assertThat(recorded("only-a-from-a.log")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void javaRuntimeWithAnInternalExtensionAndAnExecWrapper() throws Exception {
        byte[] zip = javaZip();
        String arn = layer("wrapper", Map.of("wrapper.sh", FunctionZips.resource("fixtures/extensions/wrapper.sh")));
        lambda.createFunction(b -> b.functionName("java-ext").runtime("java21")
                .handler("example.WithInternalExtension::handleRequest")
                .role("arn:aws:iam::000000000000:role/lambda").timeout(30).memorySize(256)
                .environment(e -> e.variables(Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/wrapper.sh"))).layers(arn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        InvokeResponse first = Sdk.invoke(lambda, "java-ext", "{}");
        assertThat(first.functionError()).as(new String(first.payload().asByteArray())).isNull();
        assertThat(Sdk.log(first)).contains("EXTENSION\tName: java-internal\tState: Ready\tEvents: [INVOKE]");
        JsonNode body = JSON.readTree(first.payload().asByteArray());
        assertThat(body.get("wrappedBy").asText()).isEqualTo("wrapper.sh");
        InvokeResponse second = Sdk.invoke(lambda, "java-ext", "{}");
        JsonNode seen = JSON.readTree(second.payload().asByteArray()).get("seen");
        assertThat(seen.toString()).contains(first.responseMetadata().requestId());
    }

    private byte[] javaZip() throws Exception {
        Path src = tmp.resolve("src/example/WithInternalExtension.java");
        Files.createDirectories(src.getParent());
        Files.write(src, FunctionZips.resource("fixtures/extensions/example/WithInternalExtension.java"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        String coreJar = Path.of(RequestHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, System.err,
                "--release", "17", "-cp", coreJar, "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
        return FunctionZips.zip(tmp.resolve("java-ext.zip"), Map.of("example/WithInternalExtension.class",
                Files.readAllBytes(classes.resolve("example/WithInternalExtension.class"))));
    }

    private static byte[] concat(byte[] head, byte[] script) {
        String s = new String(script, StandardCharsets.UTF_8).replaceFirst("^#!/bin/sh\n", "");
        return (new String(head, StandardCharsets.UTF_8) + s).getBytes(StandardCharsets.UTF_8);
    }
}
