package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.service.invoke.PoolSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogFormat;

/**
 * A Telemetry API subscriber extension (Python, standard library only) delivered in a layer, through the AWS SDK
 * for Java v2: it receives {@code platform.start} and {@code platform.report} for an invoke; the function's
 * {@code LoggingConfig} round-trips.
 */
class TelemetryLayerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestLamina lamina;
    private LambdaClient lambda;
    /** Where the sandboxed subscriber reports what it received (no host directory is writable inside). */
    private RecordingEndpoint sink;

    @BeforeEach
    void start() {
        sink = new RecordingEndpoint();
        lamina = TestLamina.start(tmp.resolve("data"), PoolSettings.defaults(), sink.network());
        lambda = Sdk.client(lamina.endpoint());
    }

    @AfterEach
    void stop() {
        lambda.close();
        lamina.close();
        sink.close();
    }

    private List<JsonNode> received() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (String line : sink.lines("telemetry.out")) {
            if (line.startsWith("B ")) {
                JSON.readTree(line.substring(2)).forEach(all::add);
            }
        }
        return all;
    }

    @Test
    void aSubscriberInALayerReceivesStartAndReport() throws Exception {
        byte[] launcher = ("#!/bin/sh\nexec python3 \"$(dirname \"$0\")/../python/subscriber.py\" \"$(basename \"$0\")\"\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layerZip = FunctionZips.zip(tmp.resolve("telemetry.zip"), Map.of("extensions/telemetry", launcher,
                "python/subscriber.py", FunctionZips.resource("fixtures/extensions/subscriber.py")));
        String arn = lambda.publishLayerVersion(b -> b.layerName("telemetry")
                .content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip)))).layerVersionArn();
        byte[] zip = FunctionZips.shellRuntime(Files.createDirectories(tmp.resolve("fn")));
        CreateFunctionResponse created = lambda.createFunction(b -> b.functionName("observed")
                .runtime("provided.al2023").handler("x").role("arn:aws:iam::000000000000:role/lambda").timeout(20)
                .environment(e -> e.variables(Map.of("EXT_SINK", sink.url(), "SUB_SCHEMA", "2022-12-13")))
                .layers(arn).loggingConfig(l -> l.logFormat(LogFormat.JSON))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        assertThat(created.loggingConfig().logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(created.loggingConfig().applicationLogLevelAsString()).isEqualTo("INFO");

        InvokeResponse r = Sdk.invoke(lambda, "observed", "{}");
        assertThat(r.functionError()).isNull();
        String requestId = r.responseMetadata().requestId();
        List<JsonNode> records = await().atMost(Duration.ofSeconds(20)).until(this::received,
                l -> l.stream().anyMatch(x -> x.get("type").asText().equals("platform.report")));
        List<String> forInvoke = records.stream()
                .filter(x -> x.get("type").asText().startsWith("platform.")
                        && requestId.equals(x.get("record").path("requestId").asText()))
                .map(x -> x.get("type").asText()).toList();
        assertThat(forInvoke).containsExactly("platform.start", "platform.runtimeDone", "platform.report");
        JsonNode report = records.stream().filter(x -> x.get("type").asText().equals("platform.report"))
                .findFirst().orElseThrow().get("record");
        assertThat(report.get("status").asText()).isEqualTo("success");
        assertThat(report.get("metrics").get("memorySizeMB").asInt()).isEqualTo(128);
        assertThat(Sdk.log(r)).contains("REPORT RequestId: " + requestId);
    }
}
