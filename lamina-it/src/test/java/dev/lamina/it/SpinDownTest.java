package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lamina.service.invoke.PoolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Retiring environments as Lambda does: an idle environment is spun down after the idle timeout, and updating a
 * function's code retires its environments; either way a real extension receives SHUTDOWN with reason
 * {@code spindown}, and the next invoke starts a new environment.
 */
class SpinDownTest {
    @TempDir
    Path tmp;

    private RecordingEndpoint sink;
    private TestLamina lamina;
    private LambdaClient lambda;

    @BeforeEach
    void recordingEndpoint() {
        sink = new RecordingEndpoint();
    }

    private void start(Duration idleTimeout) {
        lamina = TestLamina.start(tmp.resolve("data"), new PoolSettings(PoolSettings.DEFAULT_ACCOUNT_CONCURRENCY,
                PoolSettings.defaultStartSlots(), idleTimeout), sink.network());
        lambda = Sdk.client(lamina.endpoint());
    }

    @AfterEach
    void stop() {
        lambda.close();
        lamina.close();
        sink.close();
    }

    private void functionWithRecorder(String name) throws Exception {
        byte[] layerZip = FunctionZips.zip(tmp.resolve("layer.zip"),
                Map.of("extensions/recorder", FunctionZips.resource("fixtures/extensions/recorder")));
        String layer = lambda.publishLayerVersion(b -> b.layerName("recorder")
                .content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip)))).layerVersionArn();
        byte[] zip = FunctionZips.shellRuntime(Files.createDirectories(tmp.resolve("fn")));
        lambda.createFunction(b -> b.functionName(name).runtime("provided.al2023").handler("x")
                .role("arn:aws:iam::000000000000:role/lambda").timeout(10).layers(layer)
                .environment(e -> e.variables(Map.of("EXT_SINK", sink.url())))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    private static long shutdowns(List<String> events) {
        return events.stream().filter(e -> e.contains("\"eventType\":\"SHUTDOWN\"")).count();
    }

    @Test
    void idleEnvironmentIsSpunDownAndTheNextInvokeStartsFresh() throws Exception {
        start(Duration.ofSeconds(2));
        functionWithRecorder("idle");
        assertThat(Sdk.invoke(lambda, "idle", "{}").functionError()).isNull();

        await().atMost(Duration.ofSeconds(20)).until(() -> shutdowns(sink.lines("recorder.log")) == 1);
        assertThat(sink.lines("recorder.log")).last().asString()
                .startsWith("{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":")
                .endsWith(",\"shutdownReason\":\"spindown\"}");

        var again = Sdk.invoke(lambda, "idle", "{}");
        assertThat(again.functionError()).isNull();
        assertThat(Sdk.log(again)).contains("Init Duration");
        assertThat(sink.lines("recorder.log")).filteredOn(e -> e.startsWith("REGISTER")).hasSize(2);
    }

    @Test
    void updatingCodeRetiresTheOldEnvironmentGracefully() throws Exception {
        start(PoolSettings.DEFAULT_IDLE_TIMEOUT); // 10 minutes: the SHUTDOWN below can only come from the update
        functionWithRecorder("updated");
        assertThat(Sdk.invoke(lambda, "updated", "{}").functionError()).isNull();

        byte[] newCode = FunctionZips.zip(tmp.resolve("v2.zip"), Map.of(
                "bootstrap", FunctionZips.resource("fixtures/shell/bootstrap"), "VERSION", "2".getBytes()));
        lambda.updateFunctionCode(b -> b.functionName("updated").zipFile(SdkBytes.fromByteArray(newCode)));

        await().atMost(Duration.ofSeconds(20)).until(() -> shutdowns(sink.lines("recorder.log")) == 1);
        assertThat(sink.lines("recorder.log")).last().asString().endsWith(",\"shutdownReason\":\"spindown\"}");
        var after = Sdk.invoke(lambda, "updated", "{}");
        assertThat(after.functionError()).isNull();
        assertThat(Sdk.log(after)).contains("Init Duration");
    }
}
