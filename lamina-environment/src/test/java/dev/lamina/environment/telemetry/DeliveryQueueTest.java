package dev.lamina.environment.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DeliveryQueue} on its own: records offered as one list are queued, batched and dropped as one by one. */
class DeliveryQueueTest {
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
}
