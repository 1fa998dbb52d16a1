package dev.lamina.environment.telemetry;

/**
 * A snapshot of one subscription's delivery, for metrics and tests.
 *
 * @param queuedRecords    records waiting in its buffer (not counting a batch in flight)
 * @param queuedBytes      their bytes; bounded by the buffer's capacity
 * @param deliveredRecords records sent successfully so far (drop reports not counted)
 * @param droppedRecords   records dropped so far (buffer full, or send failed)
 */
public record SubscriberStats(String extensionName, SubscriptionApi api, int queuedRecords, long queuedBytes,
        long deliveredRecords, long droppedRecords, long droppedBytes) {}
