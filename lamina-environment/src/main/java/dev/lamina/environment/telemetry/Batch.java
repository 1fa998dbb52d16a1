package dev.lamina.environment.telemetry;

import java.util.List;

/**
 * Records taken from one subscriber's queue for one send.
 *
 * @param records        compact JSON envelopes, in order (a {@code platform.logsDropped} report may come first)
 * @param bytes          the sum of the records' sizes
 * @param endSeq         every queued record with a sequence number below this is in this batch or an earlier one
 * @param queuedRecords  how many of {@code records} came from the queue (the rest is the drop report)
 * @param queuedBytes    their bytes
 * @param reportedRecords the drop count carried by the report, 0 without one
 * @param reportedBytes  the dropped bytes carried by the report
 */
record Batch(List<byte[]> records, long bytes, long endSeq, int queuedRecords, long queuedBytes,
        long reportedRecords, long reportedBytes, String reportedReason) {}
