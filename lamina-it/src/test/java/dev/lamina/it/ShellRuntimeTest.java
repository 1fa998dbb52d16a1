package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** A custom runtime written as a shell {@code bootstrap} with curl, deployed and invoked with the AWS SDK. */
class ShellRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static TestLamina lamina;
    static LambdaClient lambda;

    @BeforeAll
    static void start() {
        lamina = TestLamina.start(tmp.resolve("data"));
        lambda = Sdk.client(lamina.endpoint());
        byte[] zip = FunctionZips.shellRuntime(tmp);
        Sdk.create(lambda, "shell", "provided.al2023", "function.handler", zip, 3, Map.of("GREETING", "hi"));
        Sdk.create(lambda, "shell-slow", "provided.al2", "function.handler", zip, 1, Map.of());
        Sdk.create(lambda, "shell-initfail", "provided", "function.handler", zip, 3, Map.of("INIT_FAIL", "1"));
    }

    @AfterAll
    static void stop() {
        lambda.close();
        lamina.close();
    }

    @Test
    void success() throws Exception {
        InvokeResponse r = Sdk.invoke(lambda, "shell", "{\"a\":1}");
        String requestId = r.responseMetadata().requestId();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isNull();
        assertThat(r.executedVersion()).isEqualTo("$LATEST");
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertThat(body.at("/echo/a").asInt()).isEqualTo(1);
        assertThat(body.get("function").asText()).isEqualTo("shell");
        assertThat(body.get("handler").asText()).isEqualTo("function.handler");
        String log = Sdk.log(r);
        assertThat(log).contains("START RequestId: " + requestId + " Version: $LATEST")
                .contains("handling " + requestId)
                .contains("END RequestId: " + requestId)
                .containsPattern("REPORT RequestId: " + requestId
                        + "\tDuration: \\d+\\.\\d{2} ms\tBilled Duration: \\d+ ms\tMemory Size: 256 MB\tMax Memory Used: \\d+ MB");
        assertThat(log.indexOf("handling " + requestId)).isBetween(log.indexOf("START"), log.indexOf("END"));
    }

    @Test
    void handledErrorReachesTheCallerUnchanged() throws Exception {
        InvokeResponse r = Sdk.invoke(lambda, "shell", "{\"action\":\"error\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertThat(body.get("errorType").asText()).isEqualTo("InputError");
        assertThat(body.get("errorMessage").asText()).isEqualTo("bad input");
    }

    @Test
    void crashFailsTheInvokeAndTheNextInvokeStartsAFreshRuntime() throws Exception {
        String pidBefore = JSON.readTree(Sdk.invoke(lambda, "shell", "{}").payload().asByteArray()).get("env").asText();

        InvokeResponse crash = Sdk.invoke(lambda, "shell", "{\"action\":\"crash\"}");
        assertThat(crash.functionError()).isEqualTo("Unhandled");
        JsonNode body = JSON.readTree(crash.payload().asByteArray());
        assertThat(body.get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(body.get("errorMessage").asText())
                .isEqualTo("RequestId: " + crash.responseMetadata().requestId()
                        + " Error: Runtime exited with error: exit status 3");
        assertThat(Sdk.log(crash)).contains("crashing now").contains("Status: error\tError Type: Runtime.ExitError");

        InvokeResponse after = Sdk.invoke(lambda, "shell", "{}");
        assertThat(after.functionError()).isNull();
        assertThat(JSON.readTree(after.payload().asByteArray()).get("env").asText()).isNotEqualTo(pidBefore);
        assertThat(Sdk.log(after)).contains("Init Duration");
    }

    @Test
    void hangTimesOutAndTheEnvironmentRecovers() throws Exception {
        InvokeResponse r = Sdk.invoke(lambda, "shell-slow", "{\"action\":\"hang\"}");

        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertThat(body.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(body.get("errorMessage").asText()).endsWith("Task timed out after 1.00 seconds");
        assertThat(Sdk.log(r)).contains("Task timed out after 1.00 seconds").contains("Status: timeout");

        InvokeResponse after = Sdk.invoke(lambda, "shell-slow", "{\"a\":2}");
        assertThat(after.functionError()).isNull();
        assertThat(JSON.readTree(after.payload().asByteArray()).at("/echo/a").asInt()).isEqualTo(2);
    }

    @Test
    void initErrorIsReportedOnTheInvoke() throws Exception {
        InvokeResponse r = Sdk.invoke(lambda, "shell-initfail", "{}");

        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertThat(body.get("errorType").asText()).isEqualTo("Runtime.ConfigError");
        assertThat(body.get("errorMessage").asText()).isEqualTo("missing configuration");
        assertThat(Sdk.log(r)).contains("INIT_REPORT Init Duration:").contains("Phase: invoke")
                .contains("Error Type: Runtime.ConfigError");
    }
}
