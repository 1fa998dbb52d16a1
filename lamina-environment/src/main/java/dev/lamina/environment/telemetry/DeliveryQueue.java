package dev.lamina.environment.telemetry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's bounded buffer and its batching rule (contract §3.2).
 *
 * <p>The emitter calls {@link #offer} and never waits: when the queued bytes would pass {@code capacityBytes} the
 * record is dropped and counted. The subscriber's sender calls {@link #take}, which waits until a batch is due —
 * {@code maxItems} records, {@code maxBytes} bytes, {@code timeoutMs} after the oldest queued record, or a
 * {@link #flush} covering it — and then {@link #done} with the send's result; a failed batch is counted as
 * dropped. Counted drops go out as one {@code platform.logsDropped} record at the head of the next batch (or
 * alone, at most once per {@code max(timeoutMs, 1 s)}). Memory: at most {@code capacityBytes} queued plus the
 * batch in flight ({@code maxBytes} plus one record).
 *
 * <p><b>Lock.</b> {@code lock} guards every field below it; it is held only for queue operations, never during
 * I/O or while completing a future's dependents (futures are completed after unlocking).
 */
final class DeliveryQueue {
    static final String SLOW_CONSUMER =
            "Some logs were dropped because the downstream consumer is slower than the logs production rate";
    private static final long LONE_REPORT_MIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Renders the drop report for this subscriber's schema. */
    interface DropReport {
        byte[] render(long droppedBytes, long droppedRecords, String reason);
    }

    private record Item(byte[] json, long enqueuedNanos, long seq) {}

    private record Waiter(long seq, CompletableFuture<Void> done) {}

    private final int maxItems;
    private final long maxBytes;
    private final long timeoutNanos;
    private final long capacityBytes;
    private final DropReport dropReport;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long queuedBytes;
    private long nextSeq;
    private long handledSeq;
    private long flushUpTo;
    private long pendingDroppedRecords;
    private long pendingDroppedBytes;
    private String pendingReason;
    private long pendingSinceNanos;
    private long deliveredRecords;
    private long droppedRecords;
    private long droppedBytes;
    private boolean closed;

    DeliveryQueue(int maxItems, int maxBytes, int timeoutMs, long capacityBytes, DropReport dropReport) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.capacityBytes = capacityBytes;
        this.dropReport = dropReport;
    }

    /** Queues one record, or drops and counts it when the buffer is full. Never blocks on the sender. */
    void offer(byte[] json) {
        offer(List.of(json));
    }

    /**
     * Queues records in order (each one dropped and counted when the buffer is full at its turn), under one taking
     * of the lock. Never blocks on the sender.
     */
    void offer(List<byte[]> records) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            boolean wake = false;
            for (byte[] json : records) {
                if (!queue.isEmpty() && queuedBytes + json.length > capacityBytes) {
                    countDrop(1, json.length, SLOW_CONSUMER);
                    continue;
                }
                boolean wasEmpty = queue.isEmpty();
                queue.addLast(new Item(json, now, nextSeq++));
                queuedBytes += json.length;
                // wake the sender only when a record changes when the next batch is due: the first record starts
                // the batch's timeout (the sender waits untimed on an empty queue), a full batch is due at once;
                // otherwise it already waits for the head's due time (a wake-up per record cost a thread switch each)
                wake |= wasEmpty || queue.size() >= maxItems || queuedBytes >= maxBytes;
            }
            if (wake) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Completes once every record queued before this call has been sent or dropped (or the queue is closed). */
    CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed || handledSeq >= nextSeq) {
                done.complete(null);
                return done;
            }
            flushUpTo = Math.max(flushUpTo, nextSeq);
            waiters.add(new Waiter(nextSeq, done));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Waits until a batch is due and takes it; null once closed. */
    Batch take() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                Item head = queue.peekFirst();
                if (head != null) {
                    long dueAt = head.enqueuedNanos() + timeoutNanos;
                    if (queue.size() >= maxItems || queuedBytes >= maxBytes || head.seq() < flushUpTo
                            || now - dueAt >= 0) {
                        return takeBatch();
                    }
                    changed.awaitNanos(dueAt - now);
                } else if (pendingDroppedRecords > 0) {
                    long dueAt = pendingSinceNanos + Math.max(timeoutNanos, LONE_REPORT_MIN_NANOS);
                    if (now - dueAt >= 0) {
                        return takeBatch();
                    }
                    changed.awaitNanos(dueAt - now);
                } else {
                    changed.await();
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private Batch takeBatch() {
        List<byte[]> records = new ArrayList<>();
        long bytes = 0;
        long reportedRecords = pendingDroppedRecords;
        long reportedBytes = pendingDroppedBytes;
        String reason = pendingReason;
        if (reportedRecords > 0) {
            byte[] report = dropReport.render(reportedBytes, reportedRecords, reason);
            records.add(report);
            bytes += report.length;
            pendingDroppedRecords = 0;
            pendingDroppedBytes = 0;
            pendingReason = null;
        }
        int taken = 0;
        long takenBytes = 0;
        long endSeq = handledSeq;
        while (!queue.isEmpty() && taken < maxItems) {
            Item next = queue.peekFirst();
            if (taken > 0 && takenBytes + next.json().length > maxBytes) {
                break;
            }
            queue.removeFirst();
            records.add(next.json());
            taken++;
            takenBytes += next.json().length;
            endSeq = next.seq() + 1;
        }
        queuedBytes -= takenBytes;
        return new Batch(List.copyOf(records), bytes + takenBytes, endSeq, taken, takenBytes, reportedRecords,
                reportedBytes, reason);
    }

    /** Records the result of sending {@code batch}: null on success, else why it failed (its records are dropped). */
    void done(Batch batch, String failure) {
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        lock.lock();
        try {
            handledSeq = Math.max(handledSeq, batch.endSeq());
            if (failure == null) {
                deliveredRecords += batch.queuedRecords();
            } else {
                // the batch is lost, and with it any drop report it carried: count both for the next report
                pendingDroppedRecords += batch.reportedRecords() + batch.queuedRecords();
                pendingDroppedBytes += batch.reportedBytes() + batch.queuedBytes();
                droppedRecords += batch.queuedRecords();
                droppedBytes += batch.queuedBytes();
                if (pendingReason == null) {
                    pendingReason = batch.reportedReason() != null ? batch.reportedReason()
                            : "could not send events: " + failure;
                }
                pendingSinceNanos = System.nanoTime(); // a lone report waits before trying again
            }
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.seq() <= handledSeq) {
                    finished.add(w.done());
                    it.remove();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        finished.forEach(f -> f.complete(null));
    }

    private void countDrop(long records, long bytes, String reason) {
        if (pendingDroppedRecords == 0) {
            pendingSinceNanos = System.nanoTime();
        }
        pendingDroppedRecords += records;
        pendingDroppedBytes += bytes;
        droppedRecords += records;
        droppedBytes += bytes;
        if (pendingReason == null) {
            pendingReason = reason;
        }
        changed.signalAll();
    }

    /** Stops {@link #take} and releases flush waiters; queued records are abandoned. */
    void close() {
        List<Waiter> released;
        lock.lock();
        try {
            closed = true;
            queue.clear();
            queuedBytes = 0;
            released = List.copyOf(waiters);
            waiters.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        released.forEach(w -> w.done().complete(null));
    }

    /** A consistent snapshot of this queue's counters. */
    Counters counters() {
        lock.lock();
        try {
            return new Counters(queue.size(), queuedBytes, deliveredRecords, droppedRecords, droppedBytes);
        } finally {
            lock.unlock();
        }
    }

    record Counters(int queuedRecords, long queuedBytes, long deliveredRecords, long droppedRecords,
            long droppedBytes) {}
}
