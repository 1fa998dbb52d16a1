package dev.lamina.environment.telemetry;

import static dev.lamina.environment.telemetry.TelemetryFixtures.T;
import static dev.lamina.environment.telemetry.TelemetryFixtures.functionLines;
import static dev.lamina.environment.telemetry.TelemetryFixtures.httpBody;
import static dev.lamina.environment.telemetry.TelemetryFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lamina.environment.telemetry.PlatformEvent.ReportMetrics;
import dev.lamina.environment.telemetry.PlatformEvent.Status;
import dev.lamina.protocol.telemetry.SchemaVersion;
import dev.lamina.protocol.telemetry.TelemetryEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches reach a real HTTP subscriber in order, with Lambda's shape, batching and drop reports. */
class DeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private TelemetryHub hub = TelemetryHub.builder().build();
    private final RecordingTelemetrySubscriber http;

    DeliveryTest() throws IOException {
        http = new RecordingTelemetrySubscriber();
    }

    @AfterEach
    void close() {
        hub.close();
        http.close();
    }

    private void subscribe(String types, String buffering) {
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "ext",
                httpBody("2022-12-13", types, buffering, http.uri("sandbox.localdomain", "/lambda_logs?x=1"))))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);
    }

    private SubscriberStats stats() {
        return hub.stats().getFirst();
    }

    @Test
    void batchesArriveInOrderAsCompactJsonArraysWithLambdasHeaders() {
        subscribe("[\"platform\",\"function\"]", "{\"timeoutMs\":25}");
        hub.onEvent(new PlatformEvent.Start(T, "r1", "$LATEST", null));
        IntStream.range(0, 3).forEach(i -> hub.onEvent(line(i)));
        hub.onEvent(new PlatformEvent.Report(T, "r1", Status.SUCCESS, null,
                new ReportMetrics(1.5, 2, 128, 20, null, null), null, null));

        await().atMost(WAIT).until(() -> http.envelopes().size() == 6);
        assertThat(http.types()).containsExactly("platform.telemetrySubscription", "platform.start", "function",
                "function", "function", "platform.report");
        assertThat(functionLines(http.envelopes())).containsExactly("line-0", "line-1", "line-2");
        for (RecordingTelemetrySubscriber.Received batch : http.batches()) {
            assertThat(batch.method()).isEqualTo("POST");
            assertThat(batch.path()).isEqualTo("/lambda_logs?x=1");
            assertThat(batch.contentType()).isEqualTo("application/json");
            assertThat(batch.sequenceId()).isEqualTo(HttpTransport.sequenceId(batch.body()));
            String body = new String(batch.body(), StandardCharsets.UTF_8);
            assertThat(body).matches("^\\[\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"type\":\".*")
                    .endsWith("}]")
                    .doesNotContain("\": ").doesNotContain(", ");
        }
    }

    @Test
    void invokeEventsRenderedBySenderKeepTheirPlaceAmongLinesOfOneCall() {
        subscribe("[\"platform\",\"function\"]", "{\"timeoutMs\":25}");
        PlatformEvent.Report report = new PlatformEvent.Report(T, "r1", Status.SUCCESS, null,
                new ReportMetrics(1.5, 2, 128, 20, null, null), null, null);
        hub.onEvents(List.of(line(0), new PlatformEvent.Start(T, "r1", "$LATEST", null), line(1), line(2), report,
                line(3)));

        await().atMost(WAIT).until(() -> http.envelopes().size() == 7);
        assertThat(http.types()).containsExactly("platform.telemetrySubscription", "function", "platform.start",
                "function", "function", "platform.report", "function");
        assertThat(functionLines(http.envelopes())).containsExactly("line-0", "line-1", "line-2", "line-3");
        String body = http.batches().stream().map(b -> new String(b.body(), StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertThat(body).contains(new String(EventRenderer.render(report, SchemaVersion.V2022_12_13, LogFormat.TEXT)
                .getFirst(), StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> stats().deliveredRecords() == 7); // counted once the POST is answered
        assertThat(stats().queuedBytes()).isZero(); // the estimates of the deferred events were corrected
    }

    @Test
    void aFullBatchGoesAtMaxItemsTheRestWaitsForTheTimeoutOrAFlush() {
        subscribe("[\"function\"]", "{\"maxItems\":1000,\"maxBytes\":1048576,\"timeoutMs\":30000}");
        IntStream.range(0, 2500).forEach(i -> hub.onEvent(line(i)));

        await().atMost(WAIT).until(() -> http.batches().size() == 2);
        assertThat(http.batches()).extracting(b -> b.envelopes().size()).containsExactly(1000, 1000);
        assertThat(stats().queuedRecords()).isEqualTo(500);

        assertThat(hub.flush(WAIT).join()).isTrue();
        assertThat(http.batches()).extracting(b -> b.envelopes().size()).containsExactly(1000, 1000, 500);
        assertThat(functionLines(http.envelopes())).containsExactlyElementsOf(
                IntStream.range(0, 2500).mapToObj(i -> "line-" + i).toList());
    }

    @Test
    void aBatchGoesAtMaxBytes() {
        subscribe("[\"function\"]", "{\"maxItems\":10000,\"maxBytes\":262144,\"timeoutMs\":30000}");
        String kb = "x".repeat(1000);
        IntStream.range(0, 300).forEach(i -> hub.onEvent(new PlatformEvent.FunctionLine(T, i + kb)));

        await().atMost(WAIT).until(() -> !http.batches().isEmpty());
        RecordingTelemetrySubscriber.Received first = http.batches().getFirst();
        assertThat(first.body().length).isLessThanOrEqualTo(262144 + 2 + first.envelopes().size());
        assertThat(first.envelopes().size()).isBetween(200, 260);
        assertThat(hub.flush(WAIT).join()).isTrue();
        assertThat(http.envelopes()).hasSize(300);
    }

    @Test
    void aPartialBatchGoesAtTimeoutMsAfterItsFirstRecord() {
        subscribe("[\"function\"]", "{\"timeoutMs\":300}");
        hub.onEvents(List.of(line(0), line(1), line(2))); // one call: no pause can split them across the timeout

        await().atMost(WAIT).until(() -> !http.batches().isEmpty());
        assertThat(http.batches()).singleElement().extracting(b -> b.envelopes().size()).isEqualTo(3);
    }

    @Test
    void flushDeliversEverythingBeforeItCompletes() {
        subscribe("[\"function\"]", "{\"timeoutMs\":30000}");
        IntStream.range(0, 10).forEach(i -> hub.onEvent(line(i)));

        assertThat(hub.flush(WAIT).join()).isTrue();

        assertThat(functionLines(http.envelopes())).hasSize(10); // no waiting: flush completed after the answer
        assertThat(stats().deliveredRecords()).isEqualTo(10);
        assertThat(hub.flush(WAIT).join()).isTrue(); // nothing left: completes at once
    }

    @Test
    void aHundredThousandLinesReachAFastSubscriberInOrder() {
        subscribe("[\"function\"]", "{\"maxItems\":10000,\"maxBytes\":1048576,\"timeoutMs\":25}");
        int total = 100_000;
        for (int i = 0; i < total; i++) {
            hub.onEvent(line(i));
            if (i % 5_000 == 4_999) { // a process writes through a pipe; let the buffer drain below 2 × maxBytes
                await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                        .until(() -> stats().queuedBytes() <= 2 * 1048576);
            }
        }
        assertThat(hub.flush(WAIT).join()).isTrue();

        assertThat(functionLines(http.envelopes())).containsExactlyElementsOf(
                IntStream.range(0, total).mapToObj(i -> "line-" + i).toList());
        assertThat(stats().deliveredRecords()).isEqualTo(total);
        assertThat(stats().droppedRecords()).isZero();
    }

    @Test
    void aStalledSubscriberNeverBlocksTheEmitterAndLearnsWhatItLost() {
        hub.close();
        // drops come from the buffer filling while the subscriber stalls, not from the send timeout: a short one
        // would also drop (or, on a kept connection, resend) a batch the recovered subscriber recorded but answered
        // late on a loaded machine
        hub = TelemetryHub.builder().sendTimeout(Duration.ofSeconds(5)).build();
        subscribe("[\"function\"]", "{\"maxBytes\":262144,\"timeoutMs\":25}");
        http.stall();
        long capacity = 4L * 262144;

        int total = 100_000;
        long maxQueued = 0;
        for (int i = 0; i < total; i++) {
            hub.onEvent(line(i)); // returns at once: this thread is the emitter
            if (i % 1_000 == 0) {
                maxQueued = Math.max(maxQueued, stats().queuedBytes());
            }
        }
        assertThat(maxQueued).isLessThanOrEqualTo(capacity);
        assertThat(stats().queuedBytes()).isLessThanOrEqualTo(capacity);
        assertThat(stats().droppedRecords()).isGreaterThan(0);
        await().atMost(WAIT).until(() -> http.stalledRequests() >= 1);

        http.recover();
        await().atMost(WAIT).until(() -> stats().queuedRecords() == 0); // the backlog drains
        hub.onEvent(new PlatformEvent.FunctionLine(T, "after recovery"));

        await().atMost(WAIT).until(() ->
                functionLines(http.envelopes()).size() + TelemetryFixtures.dropped(http.envelopes()) == total + 1);
        List<TelemetryEnvelope> got = http.envelopes();
        List<String> lines = functionLines(got);
        assertThat(lines.getLast()).isEqualTo("after recovery");
        assertThat(lines.stream().filter(l -> l.startsWith("line-")) // what arrived, arrived in order
                .map(l -> Integer.parseInt(l.substring(5))).toList()).isSorted();
        List<TelemetryEnvelope> reports = got.stream().filter(e -> e.type().equals("platform.logsDropped")).toList();
        assertThat(reports).isNotEmpty().allSatisfy(r -> {
            assertThat(r.record().get("droppedBytes").asLong()).isPositive();
            assertThat(r.record().get("reason").asText()).satisfiesAnyOf(
                    reason -> assertThat(reason).isEqualTo(DeliveryQueue.SLOW_CONSUMER),
                    reason -> assertThat(reason).startsWith("could not send events: "));
        });
        assertThat(TelemetryFixtures.dropped(got)).isEqualTo(stats().droppedRecords());
    }

    @Test
    void anErrorStatusDropsTheBatchAndTheNextBatchSaysSo() {
        subscribe("[\"function\"]", "{\"timeoutMs\":30000}");
        http.failNext(1, 500);
        IntStream.range(0, 3).forEach(i -> hub.onEvent(line(i)));
        assertThat(hub.flush(WAIT).join()).isTrue();
        assertThat(stats().droppedRecords()).isEqualTo(3);
        assertThat(http.batches()).isEmpty();

        hub.onEvent(line(3));
        assertThat(hub.flush(WAIT).join()).isTrue();

        long droppedBytes = IntStream.range(0, 3).mapToLong(i ->
                EventRenderer.render(line(i), SchemaVersion.V2022_12_13, LogFormat.TEXT).getFirst().length).sum();
        assertThat(http.types()).containsExactly("platform.logsDropped", "function");
        assertThat(http.envelopes().getFirst().record().toString()).isEqualTo("{\"droppedBytes\":" + droppedBytes
                + ",\"droppedRecords\":3,\"reason\":\"could not send events: HTTP status 500\"}");
        assertThat(functionLines(http.envelopes())).containsExactly("line-3");
    }

    @Test
    void aDropReportGoesOutAloneWhenNothingElseComes() {
        subscribe("[\"function\"]", "{\"timeoutMs\":25}");
        http.failNext(1, 503);
        hub.onEvent(line(0));

        await().atMost(WAIT).until(() -> !http.batches().isEmpty());
        assertThat(http.types()).containsExactly("platform.logsDropped");
        assertThat(http.envelopes().getFirst().record().get("droppedRecords").asLong()).isEqualTo(1);
    }

    @Test
    void aFlushOfAStalledSubscriberEndsAtItsDeadline() {
        subscribe("[\"function\"]", "{\"timeoutMs\":30000}");
        http.stall();
        hub.onEvent(line(0));

        assertThat(hub.flush(Duration.ofMillis(200)).join()).isFalse();
    }

    @Test
    void theLogsApiDeliversItsOldRecords() {
        assertThat(hub.subscribe(SubscriptionApi.LOGS, "ext", httpBody("2021-03-18", "[\"platform\",\"function\"]",
                "{\"timeoutMs\":25}", http.uri("sandbox", "/logs")))).isEqualTo(SubscribeOutcome.SUBSCRIBED);
        hub.onEvent(new PlatformEvent.Start(T, "r1", "$LATEST", null));
        hub.onEvent(line(0));
        hub.onEvent(new PlatformEvent.RuntimeDone(T, "r1", Status.SUCCESS, null, 1.0, null, null, null));
        hub.onEvent(new PlatformEvent.Report(T, "r1", Status.SUCCESS, null,
                new ReportMetrics(1.5, 2, 128, 20, null, null), null, null));

        await().atMost(WAIT).until(() -> http.envelopes().size() == 6);
        assertThat(http.types()).containsExactly("platform.logsSubscription", "platform.start", "function",
                "platform.runtimeDone", "platform.end", "platform.report");
        assertThat(http.batches()).allSatisfy(b -> assertThat(b.path()).isEqualTo("/logs"));
    }
}
