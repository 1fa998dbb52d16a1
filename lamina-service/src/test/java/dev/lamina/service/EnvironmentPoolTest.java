package dev.lamina.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lamina.service.invoke.PoolSettings;
import dev.lamina.service.invoke.PoolStats;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment pool over real HTTP against fake environments: warm reuse, scaling out, spin-down, retirement. */
class EnvironmentPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path data;

    private final FakeEnvironmentFactory envs = new FakeEnvironmentFactory();
    private final FakeScheduler scheduler = new FakeScheduler();
    private RunningLamina lamina;

    private void start(PoolSettings pool) throws InterruptedException {
        start(pool, UnaryOperator.identity());
    }

    /** @param more further settings, applied last */
    private void start(PoolSettings pool, UnaryOperator<ServiceSettings> more) throws InterruptedException {
        lamina = new RunningLamina(data, envs, s -> more.apply(s.withPool(pool).withScheduler(scheduler)));
        assertThat(lamina.create("fn", TestZips.simple("x")).statusCode()).isEqualTo(201);
    }

    private void start() throws InterruptedException {
        start(PoolSettings.defaults());
    }

    @AfterEach
    void stop() {
        if (lamina != null) {
            lamina.close();
        }
    }

    private PoolStats stats() {
        return lamina.server.poolStats();
    }

    @Test
    void concurrentInvokesGetDistinctEnvironmentsThatRunInParallel() throws Exception {
        start();
        envs.holdEachLog = true; // each environment stays busy until its invoke is released
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = lamina.invoke("fn");
            assertThat(r.statusCode()).isEqualTo(200);
            served.add(envs.environmentOf(r));
        }
        assertThat(served).doesNotHaveDuplicates();
        assertThat(stats()).extracting(PoolStats::busy, PoolStats::idle, PoolStats::concurrency, PoolStats::created)
                .containsExactly(3, 0, 3, 3L);
        assertThat(envs.overlaps).hasValue(0);
    }

    @Test
    void anEnvironmentIsFreeWhenItsLogCompletesNotWhenItsResultDoes() throws Exception {
        start();
        envs.holdEachLog = true;
        String first = envs.environmentOf(lamina.invoke("fn")); // answered, but still busy
        String second = envs.environmentOf(lamina.invoke("fn"));
        assertThat(second).isNotEqualTo(first);

        envs.held.getFirst().release();
        await().atMost(WAIT).until(() -> stats().idle() == 1);
        assertThat(envs.environmentOf(lamina.invoke("fn"))).isEqualTo(first);
        assertThat(stats().reused()).isEqualTo(1);
    }

    @Test
    void warmEnvironmentsAreReusedMostRecentlyUsedFirst() throws Exception {
        start();
        envs.holdEachLog = true;
        String a = envs.environmentOf(lamina.invoke("fn"));
        String b = envs.environmentOf(lamina.invoke("fn"));
        String c = envs.environmentOf(lamina.invoke("fn"));
        // Free them in the order b, a, c: c is then the most recently used, then a, then b.
        envs.held.get(1).release();
        await().atMost(WAIT).until(() -> stats().idle() == 1);
        envs.held.get(0).release();
        await().atMost(WAIT).until(() -> stats().idle() == 2);
        envs.held.get(2).release();
        await().atMost(WAIT).until(() -> stats().idle() == 3);

        assertThat(List.of(envs.environmentOf(lamina.invoke("fn")), envs.environmentOf(lamina.invoke("fn")),
                envs.environmentOf(lamina.invoke("fn")))).containsExactly(c, a, b);
        assertThat(envs.specs).hasSize(3);
    }

    @Test
    void anEnvironmentWhoseInvokeThrowsIsDroppedAndTheNextInvokeGetsANewOne() throws Exception {
        start();
        String first = envs.environmentOf(lamina.invoke("fn"));
        envs.invokeThrows = true;
        RunningLamina.assertError(lamina.invoke("fn"), 500, "ServiceException");
        await().atMost(WAIT).until(() -> envs.closed.contains(first));
        envs.invokeThrows = false;

        String next = envs.environmentOf(lamina.invoke("fn"));
        assertThat(next).isNotEqualTo(first);
        assertThat(stats().concurrency()).isZero();
    }

    @Test
    void aFunctionErrorKeepsTheEnvironment() throws Exception {
        start();
        envs.functionError = "Runtime.ExitError"; // the environment resets itself and stays usable
        String first = envs.environmentOf(lamina.invoke("fn"));
        envs.functionError = null;
        await().atMost(WAIT).until(() -> stats().idle() == 1);
        assertThat(envs.environmentOf(lamina.invoke("fn"))).isEqualTo(first);
    }

    @Test
    void idleEnvironmentsSpinDownAfterTheIdleTimeout() throws Exception {
        start(PoolSettings.defaults().withIdleTimeout(Duration.ofMinutes(10)));
        String first = envs.environmentOf(lamina.invoke("fn"));
        await().atMost(WAIT).until(() -> stats().idle() == 1);

        scheduler.advance(Duration.ofMinutes(9));
        assertThat(envs.closed).isEmpty();
        assertThat(envs.environmentOf(lamina.invoke("fn"))).isEqualTo(first); // reuse restarts the idle clock
        await().atMost(WAIT).until(() -> stats().idle() == 1);
        scheduler.advance(Duration.ofMinutes(9));
        assertThat(envs.closed).isEmpty();

        scheduler.advance(Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> envs.closed.equals(List.of(first)));
        // The pool counts the close on the closing thread after the environment's close() returned.
        await().atMost(WAIT).untilAsserted(() -> assertThat(stats())
                .extracting(PoolStats::environments, PoolStats::idle, PoolStats::closed)
                .containsExactly(0, 0, 1L));
        assertThat(envs.closed).containsExactly(first);
        assertThat(envs.environmentOf(lamina.invoke("fn"))).isNotEqualTo(first);
    }

    @Test
    void anUpdateRetiresOldEnvironmentsAfterTheirInFlightInvoke() throws Exception {
        start();
        String idle = envs.environmentOf(lamina.invoke("fn"));
        await().atMost(WAIT).until(() -> stats().idle() == 1);
        envs.holdEachLog = true;
        lamina.invoke("fn"); // takes the idle one
        String busy = envs.held.getFirst().environmentId();
        String other = envs.environmentOf(lamina.invoke("fn"));
        envs.held.get(1).release();
        await().atMost(WAIT).until(() -> stats().idle() == 1); // "other" is idle, "busy" (== idle) in flight
        envs.holdEachLog = false;

        assertThat(lamina.send("PUT", "/2015-03-31/functions/fn/configuration", Map.of("Timeout", 9)).statusCode())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> envs.closed.contains(other)); // idle: closed at once
        assertThat(envs.closed).doesNotContain(busy);
        assertThat(busy).isEqualTo(idle);

        HttpResponse<byte[]> after = lamina.invoke("fn");
        String fresh = envs.environmentOf(after);
        assertThat(fresh).isNotIn(idle, other);
        assertThat(envs.specs.getLast().timeout()).isEqualTo(Duration.ofSeconds(9));

        envs.held.getFirst().release(); // the in-flight invoke completes, then its environment closes
        await().atMost(WAIT).until(() -> envs.closed.contains(busy));
        assertThat(envs.closed).doesNotContain(fresh);
    }

    @Test
    void deleteRetiresTheEnvironments() throws Exception {
        start();
        String env = envs.environmentOf(lamina.invoke("fn"));
        await().atMost(WAIT).until(() -> stats().idle() == 1);
        assertThat(lamina.send("DELETE", "/2015-03-31/functions/fn", (byte[]) null).statusCode()).isEqualTo(204);
        await().atMost(WAIT).until(() -> envs.closed.equals(List.of(env)));
        assertThat(stats().environments()).isZero();
        assertThat(lamina.invoke("fn").statusCode()).isEqualTo(404); // not served from a remembered record
    }

    @Test
    void startSlotsBoundColdStartsAndAWaitingInvokeTakesAWarmEnvironment() throws Exception {
        start(PoolSettings.defaults().withStartSlots(2));
        CompletableFuture<Void> results = new CompletableFuture<>();
        envs.resultGate = results; // first invokes (the "init") do not finish yet
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> lamina.invoke("fn")));
        }
        // A start slot is counted before its environment is created: wait for both cold starts to reach their
        // environment's first (held) invoke, not only for the third invoke to wait.
        await().atMost(WAIT).until(() -> stats().waitingForStart() == 1 && envs.invocations.size() == 2);
        assertThat(stats().starting()).isEqualTo(2);
        assertThat(envs.specs).hasSize(2);

        envs.resultGate = null;
        results.complete(null);
        for (CompletableFuture<HttpResponse<byte[]>> c : calls) {
            assertThat(c.get().statusCode()).isEqualTo(200);
        }
        assertThat(stats().starting()).isZero();
        assertThat(stats().created() + stats().reused()).isEqualTo(3);
        assertThat(envs.overlaps).hasValue(0);
    }

    @Test
    void anInvokeThatGetsNoStartSlotWithinItsTimeoutIsThrottled() throws Exception {
        // The first invoke's result must outlast the second's 1 s wait for a start slot, however slow the machine.
        start(PoolSettings.defaults().withStartSlots(1), s -> s.withInvokeWaitMargin(Duration.ofSeconds(30)));
        lamina.send("PUT", "/2015-03-31/functions/fn/configuration", Map.of("Timeout", 1));
        CompletableFuture<Void> results = new CompletableFuture<>();
        envs.resultGate = results;
        CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> lamina.invoke("fn"));
        await().atMost(WAIT).until(() -> stats().starting() == 1);

        HttpResponse<byte[]> r = lamina.invoke("fn");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(new String(r.body())).isEqualTo(
                "{\"Type\":\"User\",\"message\":\"Rate Exceeded.\",\"Reason\":\"ConcurrentInvocationLimitExceeded\"}");
        results.complete(null);
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(stats().throttled()).isEqualTo(1);
    }

    @Test
    void closingTheServerClosesBusyAndIdleEnvironments() throws Exception {
        start();
        lamina.invoke("fn");
        envs.holdEachLog = true;
        lamina.invoke("fn");
        lamina.invoke("fn");
        await().atMost(WAIT).until(() -> stats().environments() == 2);
        lamina.server.close();
        assertThat(envs.closes).hasValue(2);
        assertThat(data.resolve("tmp")).doesNotExist(); // sandbox sessions keep /tmp; the pool makes no directory
        envs.held.forEach(FakeEnvironmentFactory.Held::release);
    }
}
