package dev.lamina.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.service.invoke.PoolSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling: reserved concurrency and the account limit. Invokes whose environments stay busy (held logs) count
 * against the limits, so the tests are sequential and deterministic: throttling is immediate, never queued.
 */
class ConcurrencyLimitsTest {

    private static final String RESERVED = "ReservedFunctionConcurrentInvocationLimitExceeded";
    private static final String ACCOUNT = "ConcurrentInvocationLimitExceeded";

    @TempDir
    Path data;

    private final FakeEnvironmentFactory envs = new FakeEnvironmentFactory();
    private RunningLamina lamina;

    private void start(int accountLimit, String... functions) throws InterruptedException {
        lamina = new RunningLamina(data, envs, s -> s.withPool(PoolSettings.defaults()
                .withAccountConcurrency(accountLimit)).withScheduler(new FakeScheduler()));
        for (String f : functions) {
            assertThat(lamina.create(f, TestZips.simple(f)).statusCode()).isEqualTo(201);
        }
    }

    @AfterEach
    void stop() {
        envs.held.forEach(FakeEnvironmentFactory.Held::release);
        if (lamina != null) {
            lamina.close();
        }
    }

    private void reserve(String function, int n) {
        assertThat(lamina.send("PUT", "/2017-10-31/functions/" + function + "/concurrency",
                Map.of("ReservedConcurrentExecutions", n)).statusCode()).isEqualTo(200);
    }

    /** Invokes {@code count} times with every environment kept busy; returns the throttle reasons (null = ran). */
    private List<String> busyInvokes(String function, int count) {
        envs.holdEachLog = true;
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            reasons.add(reasonOf(lamina.invoke(function)));
        }
        return reasons;
    }

    private static String reasonOf(HttpResponse<byte[]> r) {
        if (r.statusCode() == 200) {
            return null;
        }
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).contains("TooManyRequestsException");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        JsonNode body = RunningLamina.tree(r);
        assertThat(body.get("Type").asText()).isEqualTo("User");
        assertThat(body.get("message").asText()).isEqualTo("Rate Exceeded.");
        return body.get("Reason").asText();
    }

    @Test
    void reservedTwoWithFiveConcurrentInvokesThrottlesExactlyThree() throws Exception {
        start(1000, "fn");
        reserve("fn", 2);
        assertThat(busyInvokes("fn", 5)).containsExactly(null, null, RESERVED, RESERVED, RESERVED);
        assertThat(lamina.server.poolStats().throttled()).isEqualTo(3);
        assertThat(envs.specs).hasSize(2);

        envs.held.getFirst().release(); // one finishes: one more fits
        await().atMost(Duration.ofSeconds(5)).until(() -> lamina.server.poolStats().concurrency() == 1);
        assertThat(reasonOf(lamina.invoke("fn"))).isNull();
        assertThat(reasonOf(lamina.invoke("fn"))).isEqualTo(RESERVED);
    }

    @Test
    void reservedZeroThrottlesEveryInvokeAndDeletingTheReservationEnablesTheFunction() throws Exception {
        start(1000, "fn");
        reserve("fn", 0);
        assertThat(busyInvokes("fn", 3)).containsOnly(RESERVED);
        assertThat(envs.specs).isEmpty();
        // Event invokes are accepted (202) and throttled in the background, never run.
        assertThat(lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes(),
                "X-Amz-Invocation-Type", "Event").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> lamina.server.poolStats().throttled() == 4);
        assertThat(envs.invocations).isEmpty();

        assertThat(lamina.send("DELETE", "/2017-10-31/functions/fn/concurrency", (byte[]) null).statusCode())
                .isEqualTo(204);
        assertThat(reasonOf(lamina.invoke("fn"))).isNull();
    }

    @Test
    void theAccountLimitBoundsEveryFunctionTogether() throws Exception {
        start(3, "a", "b");
        assertThat(busyInvokes("a", 2)).containsOnlyNulls();
        assertThat(busyInvokes("b", 2)).containsExactly(null, ACCOUNT);
        assertThat(busyInvokes("a", 1)).containsExactly(ACCOUNT);
    }

    @Test
    void unreservedFunctionsShareTheLimitMinusEveryReservation() throws Exception {
        start(20, "reserved", "free"); // 20 - min(100, 20/10) = 18 reservable
        reserve("reserved", 15);
        assertThat(busyInvokes("free", 6)).containsExactly(null, null, null, null, null, ACCOUNT);
        // The reserved function still has all of its reservation.
        List<String> reserved = busyInvokes("reserved", 16);
        assertThat(reserved.subList(0, 15)).containsOnlyNulls();
        assertThat(reserved.get(15)).isEqualTo(RESERVED);
    }
}
