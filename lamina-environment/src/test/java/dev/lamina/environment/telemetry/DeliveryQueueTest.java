package dev.lamina.environment.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.environment.telemetry.PlatformEvent.ReportMetrics;
import dev.lamina.environment.telemetry.PlatformEvent.Status;
import dev.lamina.protocol.telemetry.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link DeliveryQueue} on its own: records offered as one list are queued, batched and dropped as one by one;
 * deferred events are rendered by the thread that takes the batch, in queue order, at their real size (D70).
 */
class DeliveryQueueTest {
    private static final SchemaVersion SCHEMA = SchemaVersion.V2022_12_13;

    private static byte[] record(int i) {
        return ("{\"n\":" + (100 + i) + "}").getBytes(StandardCharsets.UTF_8); // 9 bytes each
    }

    private static DeliveryQueue queue(int maxItems, long capacityBytes) {
        return new DeliveryQueue(maxItems, 1 << 20, 60_000, capacityBytes,
                (bytes, records, reason) -> ("{\"dropped\":" + records + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aListIsQueuedInOrderAndAFullBatchIsDueAtOnce() throws InterruptedException {
        DeliveryQueue q = queue(3, 1 << 20);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(i));
        }
        q.offer(records);

        Batch first = q.take(); // due without waiting for the 60 s timeout: 3 records reached maxItems
        assertThat(first.records()).containsExactly(records.get(0), records.get(1), records.get(2));
        q.done(first, null);
        assertThat(q.counters().queuedRecords()).isEqualTo(2);
        assertThat(q.counters().deliveredRecords()).isEqualTo(3);
    }

    @Test
    void recordsPastTheCapacityWithinOneListAreDroppedAndReported() throws InterruptedException {
        DeliveryQueue q = queue(100, 30); // room for three 9-byte records
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(i));
        }
        q.offer(records);
        q.offer(record(9)); // still full

        DeliveryQueue.Counters c = q.counters();
        assertThat(c.queuedRecords()).isEqualTo(3);
        assertThat(c.droppedRecords()).isEqualTo(3);
        assertThat(c.droppedBytes()).isEqualTo(27);

        q.flush();
        Batch batch = q.take();
        assertThat(new String(batch.records().getFirst(), StandardCharsets.UTF_8)).isEqualTo("{\"dropped\":3}");
        assertThat(batch.records().subList(1, 4)).containsExactly(records.get(0), records.get(1), records.get(2));
    }

    private static PlatformEvent.Start start(String requestId) {
        return new PlatformEvent.Start(TelemetryFixtures.T, requestId, "$LATEST", null);
    }

    private static PlatformEvent.Report report(String requestId) {
        return new PlatformEvent.Report(TelemetryFixtures.T, requestId, Status.SUCCESS, null,
                new ReportMetrics(1.5, 2, 128, 20, null, null), null, null);
    }

    private static byte[] rendered(PlatformEvent event) {
        return EventRenderer.render(event, SCHEMA, LogFormat.TEXT).getFirst();
    }

    /** A queue whose deferred events are rendered for schema 2022-12-13, noting the thread that rendered each. */
    private static DeliveryQueue deferring(int maxItems, int maxBytes, long capacityBytes, List<Thread> renderers) {
        return new DeliveryQueue(maxItems, maxBytes, 60_000, capacityBytes,
                (bytes, records, reason) -> ("{\"dropped\":" + records + "}").getBytes(StandardCharsets.UTF_8),
                event -> {
                    renderers.add(Thread.currentThread());
                    return EventRenderer.deferred(event, SCHEMA, LogFormat.TEXT);
                });
    }

    @Test
    void deferredEventsAreRenderedByTheTakingThreadInQueueOrder() throws Exception {
        List<Thread> renderers = new CopyOnWriteArrayList<>();
        DeliveryQueue q = deferring(4, 1 << 20, 1 << 20, renderers);
        Thread emitter = Thread.ofPlatform().start(() -> {
            q.offerDeferred(start("r1"));
            q.offer(List.of(record(0), record(1)));
            q.offerDeferred(report("r1"));
        });
        emitter.join();
        assertThat(renderers).isEmpty(); // the emitter queued both events unrendered

        Batch batch = q.take(); // due at once: 4 records reached maxItems
        assertThat(batch.records()).containsExactly(rendered(start("r1")), record(0), record(1),
                rendered(report("r1")));
        assertThat(renderers).containsOnly(Thread.currentThread()).hasSize(2);
        assertThat(batch.bytes()).isEqualTo(rendered(start("r1")).length + 18 + rendered(report("r1")).length);
    }

    @Test
    void aDeferredEventCountsItsRealSizeOnceRendered() throws InterruptedException {
        List<Thread> renderers = new CopyOnWriteArrayList<>();
        int startSize = rendered(start("r1")).length;
        // maxBytes lets the start event and one 9-byte record into a batch, not the second record
        DeliveryQueue q = deferring(100, startSize + 9, 1 << 20, renderers);
        q.offerDeferred(start("r1"));
        assertThat(q.counters().queuedBytes()).isEqualTo(DeliveryQueue.DEFERRED_ESTIMATE);
        q.offer(List.of(record(0), record(1)));

        Batch first = q.take(); // the estimate (512) alone passes maxBytes; the real sizes decide the cut
        assertThat(first.records()).containsExactly(rendered(start("r1")), record(0));
        assertThat(first.queuedBytes()).isEqualTo(startSize + 9);
        assertThat(q.counters().queuedBytes()).isEqualTo(9);
    }

    @Test
    void aDeferredEventPastTheCapacityIsDroppedWithItsRenderedSize() throws InterruptedException {
        List<Thread> renderers = new CopyOnWriteArrayList<>();
        DeliveryQueue q = deferring(100, 1 << 20, 600, renderers);
        q.offerDeferred(start("r1")); // counted as 512 until rendered
        q.offerDeferred(report("r1")); // 512 more would pass 600: dropped

        DeliveryQueue.Counters c = q.counters();
        assertThat(c.queuedRecords()).isEqualTo(1);
        assertThat(c.droppedRecords()).isEqualTo(1);
        assertThat(c.droppedBytes()).isEqualTo(rendered(report("r1")).length);

        q.flush();
        Batch batch = q.take();
        assertThat(batch.records()).containsExactly("{\"dropped\":1}".getBytes(StandardCharsets.UTF_8),
                rendered(start("r1")));
    }
}
