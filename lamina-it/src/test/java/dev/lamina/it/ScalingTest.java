package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.cli.LaminaApp;
import dev.lamina.service.invoke.PoolSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Lambda's scaling model with real environments and the curl {@code bootstrap}, through the AWS SDK: concurrent invokes
 * scale out to one environment each, later invokes reuse them warm, and reserved concurrency throttles the excess.
 * Each invoke's {@code hold} action waits at a {@code /barrier} on the host: the fifty-invoke bursts' until all fifty
 * have arrived, the reserved-concurrency burst's until three invokes have been throttled. So the invokes of a burst
 * overlap on any machine, however slowly they arrive.
 */
class ScalingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BURST = 50;
    /** Opens the reserved-concurrency burst's barrier once three of its invokes were throttled. */
    private static final CountDownLatch THROTTLED = new CountDownLatch(3);

    @TempDir
    static Path tmp;

    static HostBarriers hostService;
    static TestLamina lamina;
    static LambdaClient lambda;

    @BeforeAll
    static void start() throws IOException {
        hostService = HostBarriers.start();
        // A start slot is held until an environment's first invoke has answered (docs/scaling.md): 50 overlapping
        // cold starts need 50 slots.
        lamina = TestLamina.start(tmp.resolve("data"), PoolSettings.defaults().withStartSlots(64),
                new LaminaApp.Network(true, List.of(hostService.port())));
        lambda = Sdk.client(lamina.endpoint());
        byte[] zip = FunctionZips.shellRuntime(tmp);
        for (String name : List.of("burst", "reserved", "disabled")) {
            Sdk.create(lambda, name, "provided.al2023", "function.handler", zip, 30, Map.of());
        }
    }

    @AfterAll
    static void stop() {
        lambda.close();
        lamina.close();
        hostService.close();
    }

    /** Invokes {@code function} {@code n} times at once; each result is an InvokeResponse or the exception thrown. */
    private static List<Object> burst(String function, int n, String event) throws InterruptedException {
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<InvokeResponse>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(callers.submit(() -> {
                    try {
                        return Sdk.invoke(lambda, function, event);
                    } catch (TooManyRequestsException e) {
                        THROTTLED.countDown();
                        throw e;
                    }
                }));
            }
            List<Object> out = new ArrayList<>();
            for (Future<InvokeResponse> f : calls) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    out.add(e.getCause());
                }
            }
            return out;
        }
    }

    private static String hold(String barrierUrl) {
        return "{\"action\":\"hold\",\"barrier\":\"" + barrierUrl + "\"}";
    }

    /** The runtime's random id: pids repeat across sandboxes (each has its own pid namespace). */
    private static String pid(InvokeResponse r) {
        return answer(r).get("env").asText();
    }

    private static JsonNode answer(InvokeResponse r) {
        try {
            return JSON.readTree(r.payload().asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<InvokeResponse> responses(List<Object> results) {
        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(InvokeResponse.class));
        return results.stream().map(InvokeResponse.class::cast).toList();
    }

    @Test
    void fiftyConcurrentInvokesRunInFiftyEnvironmentsAndTheNextBurstReusesThemWarm() throws Exception {
        // Each invoke holds its environment until all fifty have arrived, so each needs an environment of its own.
        List<InvokeResponse> cold = responses(burst("burst", BURST, hold(hostService.arrivals("cold", BURST))));
        Set<String> pids = new HashSet<>();
        for (InvokeResponse r : cold) {
            assertThat(r.functionError()).isNull();
            assertThat(answer(r).get("held").asText()).isEqualTo("all-arrived");
            assertThat(Sdk.log(r)).contains("Init Duration");
            pids.add(pid(r));
        }
        assertThat(pids).hasSize(BURST);
        // An environment is free once its runtime is back in next, a moment after its answer reached the caller.
        await().atMost(Duration.ofSeconds(30)).until(() -> lamina.poolStats().idle() == BURST);

        // Each warm invoke holds its environment until all fifty have arrived: none can be served by an environment
        // another one of the burst has already freed, however slowly they arrive.
        List<InvokeResponse> warm = responses(burst("burst", BURST, hold(hostService.arrivals("warm", BURST))));
        Set<String> warmPids = new HashSet<>();
        for (InvokeResponse r : warm) {
            assertThat(r.functionError()).isNull();
            assertThat(answer(r).get("held").asText()).isEqualTo("all-arrived");
            assertThat(Sdk.log(r)).contains("REPORT RequestId").doesNotContain("Init Duration");
            warmPids.add(pid(r));
        }
        assertThat(warmPids).isEqualTo(pids);
    }

    @Test
    void reservedConcurrencyOfTwoThrottlesTheExcessOfFiveConcurrentInvokes() throws Exception {
        assertThat(lambda.putFunctionConcurrency(b -> b.functionName("reserved").reservedConcurrentExecutions(2))
                .reservedConcurrentExecutions()).isEqualTo(2);
        assertThat(lambda.getFunctionConcurrency(b -> b.functionName("reserved")).reservedConcurrentExecutions())
                .isEqualTo(2);
        assertThat(lambda.getFunction(b -> b.functionName("reserved")).concurrency().reservedConcurrentExecutions())
                .isEqualTo(2);

        // the two admitted invokes hold until three have been throttled: they overlap with all five on any machine
        List<Object> results = burst("reserved", 5, hold(hostService.gate("throttled", THROTTLED)));

        List<TooManyRequestsException> throttled = results.stream()
                .filter(TooManyRequestsException.class::isInstance).map(TooManyRequestsException.class::cast).toList();
        assertThat(throttled).hasSize(3).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED);
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.retryAfterSeconds()).isNotBlank();
            assertThat(e.type()).isEqualTo("User");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate Exceeded.");
        });
        assertThat(results.stream().filter(InvokeResponse.class::isInstance).map(InvokeResponse.class::cast))
                .hasSize(2).allSatisfy(r -> assertThat(answer(r).get("held").asText()).isEqualTo("all-arrived"));
    }

    @Test
    void reservedConcurrencyOfZeroThrottlesEveryInvoke() throws Exception {
        lambda.putFunctionConcurrency(b -> b.functionName("disabled").reservedConcurrentExecutions(0));
        for (int i = 0; i < 3; i++) {
            TooManyRequestsException e = catchThrowableOfType(TooManyRequestsException.class,
                    () -> Sdk.invoke(lambda, "disabled", "{}"));
            assertThat(e.reason()).isEqualTo(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED);
        }
        lambda.deleteFunctionConcurrency(b -> b.functionName("disabled"));
        assertThat(lambda.getFunctionConcurrency(b -> b.functionName("disabled")).reservedConcurrentExecutions())
                .isNull();
        assertThat(Sdk.invoke(lambda, "disabled", "{}").functionError()).isNull();
    }
}
