package dev.lamina.service;

import static dev.lamina.service.RunningLamina.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lamina.environment.Invocation;
import dev.lamina.protocol.control.ErrorResponse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invoke over real HTTP against fake environments. */
class InvokeTest {

    private static final String INVOKE = "/2015-03-31/functions/fn/invocations";

    @TempDir
    Path data;

    private RunningLamina lamina;

    @BeforeEach
    void start() throws InterruptedException {
        lamina = new RunningLamina(data);
        assertThat(lamina.create("fn", TestZips.simple("x")).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        lamina.close();
    }

    @Test
    void requestResponseEchoesWithHeadersAndPassesTheInvocationOn() {
        String context = Base64.getEncoder().encodeToString("{\"custom\":{\"k\":\"v\"}}".getBytes());
        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "{\"a\":1}".getBytes(), "X-Amz-Client-Context", context,
                "X-Amz-Tenant-Id", "tenant-1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body())).isEqualTo("{\"a\":1}");
        assertThat(r.headers().firstValue("X-Amz-Executed-Version")).contains("$LATEST");
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(r.headers().firstValue("X-Amz-Log-Result")).isEmpty();
        Invocation inv = lamina.environments.invocations.getFirst();
        assertThat(r.headers().firstValue("x-amzn-RequestId")).contains(inv.requestId());
        assertThat(inv.clientContext()).isEqualTo("{\"custom\":{\"k\":\"v\"}}");
        assertThat(inv.tenantId()).isEqualTo("tenant-1");
        assertThat(inv.invokedFunctionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:fn");
        assertThat(inv.traceId()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
        assertThat(lamina.environments.specs.getFirst().runtimeDir()).isNull();
        assertThat(lamina.environments.specs.getFirst().executionEnv()).isNull();
    }

    @Test
    void traceHeaderIsPassedThroughAndEmptyPayloadIsAccepted() {
        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, new byte[0], "X-Amzn-Trace-Id", "Root=1-abc");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lamina.environments.invocations.getFirst().traceId()).isEqualTo("Root=1-abc");
    }

    @Test
    void dryRunIs204AndRunsNothing() {
        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "{}".getBytes(), "X-Amz-Invocation-Type", "DryRun");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(lamina.environments.specs).isEmpty();
    }

    @Test
    void eventIs202AndRunsInTheBackground() {
        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "{\"e\":1}".getBytes(), "X-Amz-Invocation-Type", "Event");
        assertThat(r.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> lamina.environments.invocations.size() == 1);
        assertThat(new String(lamina.environments.invocations.getFirst().payload())).isEqualTo("{\"e\":1}");
    }

    @Test
    void unknownInvocationTypeIs400() {
        assertError(lamina.send("POST", INVOKE, "{}".getBytes(), "X-Amz-Invocation-Type", "Later"), 400,
                "InvalidParameterValueException");
    }

    @Test
    void tailLogReturnsTheLastFourKilobytes() {
        String log = "x".repeat(5000) + "\nREPORT RequestId: r\tDuration: 1.00 ms\n";
        lamina.environments.logText = log;
        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "{}".getBytes(), "X-Amz-Log-Type", "Tail");
        byte[] tail = Base64.getDecoder().decode(r.headers().firstValue("X-Amz-Log-Result").orElseThrow());
        assertThat(tail).hasSize(4096);
        assertThat(new String(tail, StandardCharsets.UTF_8)).isEqualTo(log.substring(log.length() - 4096));
    }

    @Test
    void functionErrorKeeps200AndSaysUnhandled() {
        lamina.environments.functionError = "Runtime.ExitError";
        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "{}".getBytes());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
        assertThat(new String(r.body())).contains("\"errorType\":\"Runtime.ExitError\"");
    }

    @Test
    void badClientContextIs400() {
        ErrorResponse e = assertError(lamina.send("POST", INVOKE, "{}".getBytes(), "X-Amz-Client-Context", "%%%"), 400,
                "InvalidRequestContentException");
        assertThat(e.message()).isEqualTo("Client context must be a valid Base64-encoded JSON object.");
        assertError(lamina.send("POST", INVOKE, "{}".getBytes(), "X-Amz-Client-Context",
                Base64.getEncoder().encodeToString("[1]".getBytes())), 400, "InvalidRequestContentException");
    }

    @Test
    void oversizedBodyIs413AndTheServerKeepsServing() {
        byte[] big = new byte[6 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        ErrorResponse e = assertError(lamina.send("POST", INVOKE, big), 413, "RequestTooLargeException");
        assertThat(e.message()).isEqualTo("Request must be smaller than 6291456 bytes for the InvokeFunction operation");
        assertThat(lamina.send("POST", INVOKE, "{}".getBytes()).statusCode()).isEqualTo(200);
        assertThat(lamina.environments.invocations).hasSize(1);
    }

    @Test
    void closingTheServerClosesEveryEnvironment() {
        lamina.create("other", TestZips.simple("o"));
        lamina.send("POST", INVOKE, "{}".getBytes());
        lamina.send("POST", "/2015-03-31/functions/other/invocations", "{}".getBytes());
        assertThat(lamina.environments.specs).hasSize(2);
        lamina.server.close();
        assertThat(lamina.environments.closes).hasValue(2);
        assertThat(data.resolve("tmp")).doesNotExist(); // sandbox sessions keep /tmp; the pool makes no directory
    }
}
