package dev.lamina.service;

import static dev.lamina.service.RunningLamina.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm synchronous invokes take the event loop's fast lane (D43): answered from the environment's result, with the
 * same headers and errors as the blocking path, and the environment given back to the pool.
 */
class WarmInvokeTest {

    private static final String INVOKE = "/2015-03-31/functions/fn/invocations";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    private RunningLamina lamina;

    @BeforeEach
    void start() throws InterruptedException {
        lamina = new RunningLamina(data);
        assertThat(lamina.create("fn", TestZips.simple("x")).statusCode()).isEqualTo(201);
        assertThat(lamina.send("POST", INVOKE, "{\"cold\":1}".getBytes()).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> lamina.server.poolStats().idle() == 1);
    }

    @AfterEach
    void stop() {
        lamina.close();
    }

    @Test
    void warmInvokesReuseTheEnvironmentAndEachGetsItsOwnPayloadAndRequestId() {
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = lamina.send("POST", INVOKE, ("{\"n\":" + i + "}").getBytes());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new String(r.body())).isEqualTo("{\"n\":" + i + "}");
            assertThat(r.headers().firstValue("X-Amz-Executed-Version")).contains("$LATEST");
            assertThat(r.headers().firstValue("x-amzn-RequestId"))
                    .contains(lamina.environments.invocations.getLast().requestId());
            await().atMost(WAIT).until(() -> lamina.server.poolStats().idle() == 1);
        }
        assertThat(lamina.environments.created).hasSize(1);
        assertThat(lamina.server.poolStats().reused()).isEqualTo(5);
        assertThat(lamina.environments.overlaps).hasValue(0);
    }

    @Test
    void warmFunctionErrorKeeps200AndSaysUnhandled() {
        lamina.environments.functionError = "Boom";

        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "{}".getBytes());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
        assertThat(new String(r.body())).contains("\"errorType\":\"Boom\"");
    }

    @Test
    void warmInvokeWithATailStillGetsTheLog() {
        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "{}".getBytes(), "X-Amz-Log-Type", "Tail");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Amz-Log-Result")).isPresent();
        assertThat(lamina.server.poolStats().reused()).isEqualTo(1);
    }

    @Test
    void invalidWarmInvokeIsRejectedAndTheEnvironmentStaysIdle() {
        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "not json".getBytes());

        assertError(r, 400, "InvalidRequestContentException");
        assertThat(lamina.server.poolStats().idle()).isEqualTo(1);
        assertThat(lamina.send("POST", INVOKE, "{}".getBytes()).statusCode()).isEqualTo(200);
    }

    @Test
    void environmentThatThrowsOnAWarmInvokeIsDroppedAndTheNextInvokeGetsANewOne() {
        lamina.environments.invokeThrows = true;

        assertError(lamina.send("POST", INVOKE, "{}".getBytes()), 500, "ServiceException");
        await().atMost(WAIT).until(() -> lamina.environments.closes.get() == 1);

        lamina.environments.invokeThrows = false;
        assertThat(lamina.send("POST", INVOKE, "{\"again\":1}".getBytes()).statusCode()).isEqualTo(200);
        assertThat(lamina.environments.created).hasSize(2);
    }

    @Test
    void warmEnvironmentThatNeverAnswersIsDroppedAfterTimeoutAndMargin() {
        lamina.environments.resultGate = new CompletableFuture<>(); // never completes

        HttpResponse<byte[]> r = lamina.send("POST", INVOKE, "{}".getBytes()); // 3 s timeout + 1 s margin

        assertError(r, 500, "ServiceException");
        await().atMost(WAIT).until(() -> lamina.environments.closes.get() == 1);
        assertThat(lamina.server.poolStats().concurrency()).isZero();
    }

    @Test
    void whileTheWarmEnvironmentIsBusyTheNextInvokeStartsAnother() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        lamina.environments.resultGate = gate;
        CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(
                () -> lamina.send("POST", INVOKE, "{\"first\":1}".getBytes()));
        await().atMost(WAIT).until(() -> lamina.environments.invocations.size() == 2);

        lamina.environments.resultGate = null;
        HttpResponse<byte[]> second = lamina.send("POST", INVOKE, "{\"second\":1}".getBytes());
        gate.complete(null);

        assertThat(new String(second.body())).isEqualTo("{\"second\":1}");
        assertThat(new String(first.get().body())).isEqualTo("{\"first\":1}");
        assertThat(lamina.environments.created).hasSize(2);
    }
}
