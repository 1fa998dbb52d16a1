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
 * <p>The emitter calls {@link #offer} (rendered records) or {@link #offerDeferred} (an event of an invoke, which the
 * sender renders in {@link #take}, D70) and never waits: when the queued bytes would pass {@code capacityBytes} the
 * record is dropped and counted. The subscriber's sender calls {@link #take}, which waits until a batch is due —
 * {@code maxItems} records, {@code maxBytes} bytes, {@code timeoutMs} after the oldest queued record, or a
 * {@link #flush} covering it — and then {@link #done} with the send's result; a failed batch is counted as
 * dropped. Counted drops go out as one {@code platform.logsDropped} record at the head of the next batch (or
 * alone, at most once per {@code max(timeoutMs, 1 s)}). Memory: at most {@code capacityBytes} queued plus the
 * batch in flight ({@code maxBytes} plus one record).
 *
 * <p><b>Lock.</b> {@code lock} guards every field below it; it is held only for queue operations, never during
 * I/O, while the sender renders deferred events, or while completing a future's dependents (futures are completed
 * after unlocking).
 */
final class DeliveryQueue {
    static final String SLOW_CONSUMER =
            "Some logs were dropped because the downstream consumer is slower than the logs production rate";
    private static final long LONE_REPORT_MIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * What a deferred event's record is counted as until the sender has rendered it (the events of an invoke are
     * 150–600 bytes): its queue bytes are corrected to the real size when it is rendered.
     */
    static final int DEFERRED_ESTIMATE = 512;

    /** Renders the drop report for this subscriber's schema. */
    interface DropReport {
        byte[] render(long droppedBytes, long droppedRecords, String reason);
    }

    /** Renders a deferred event as its one record for this subscriber's schema. */
    interface EventRender {
        byte[] render(PlatformEvent event);
    }

    /**
     * A queued record: its bytes, or, for a deferred event, the event until the sender renders it ({@code json} is
     * then null and {@link #DEFERRED_ESTIMATE} is counted for it).
     */
    private static final class Item {
        byte[] json;
        PlatformEvent event;
        final long enqueuedNanos;
        final long seq;

        Item(byte[] json, PlatformEvent event, long enqueuedNanos, long seq) {
            this.json = json;
            this.event = event;
            this.enqueuedNanos = enqueuedNanos;
            this.seq = seq;
        }
    }

    private record Waiter(long seq, CompletableFuture<Void> done) {}

    private final int maxItems;
    private final long maxBytes;
    private final long timeoutNanos;
    private final long capacityBytes;
    private final DropReport dropReport;
    private final EventRender eventRender;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    /** The queued deferred events not rendered yet, in queue order. */
    private final ArrayDeque<Item> unrendered = new ArrayDeque<>();
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
        this(maxItems, maxBytes, timeoutMs, capacityBytes, dropReport, e -> {
            throw new IllegalStateException("this queue takes no deferred events: " + e);
        });
    }

    DeliveryQueue(int maxItems, int maxBytes, int timeoutMs, long capacityBytes, DropReport dropReport,
            EventRender eventRender) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.capacityBytes = capacityBytes;
        this.dropReport = dropReport;
        this.eventRender = eventRender;
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
                wake |= add(new Item(json, null, now, nextSeq++), json.length);
            }
            if (wake) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues one event whose record the sender renders when it takes the batch (D70): the emitter pays for a queue
     * entry, not for the rendering. Dropped and counted like a record when the buffer is full (it is rendered then,
     * for the exact byte count). Never blocks on the sender.
     */
    void offerDeferred(PlatformEvent event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!queue.isEmpty() && queuedBytes + DEFERRED_ESTIMATE > capacityBytes) {
                countDrop(1, eventRender.render(event).length, SLOW_CONSUMER);
                return;
            }
            Item item = new Item(null, event, System.nanoTime(), nextSeq++);
            unrendered.addLast(item);
            if (add(item, DEFERRED_ESTIMATE)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Appends under the lock; whether the sender must be woken. */
    private boolean add(Item item, int bytes) {
        boolean wasEmpty = queue.isEmpty();
        queue.addLast(item);
        queuedBytes += bytes;
        // wake the sender only when a record changes when the next batch is due: the first record starts the
        // batch's timeout (the sender waits untimed on an empty queue), a full batch is due at once; otherwise it
        // already waits for the head's due time (a wake-up per record cost a thread switch each)
        return wasEmpty || queue.size() >= maxItems || queuedBytes >= maxBytes;
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

    /**
     * Waits until a batch is due and takes it; null once closed. Renders the deferred events queued so far first
     * (outside the lock), so that every record of the batch is bytes and counted at its real size.
     */
    Batch take() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                if (!unrendered.isEmpty()) {
                    renderDeferred(); // the due rule below then counts every record at its real size
                    continue;
                }
                long now = System.nanoTime();
                Item head = queue.peekFirst();
                if (head != null) {
                    long dueAt = head.enqueuedNanos + timeoutNanos;
                    if (queue.size() >= maxItems || queuedBytes >= maxBytes || head.seq < flushUpTo
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

    /**
     * Renders the deferred events queued so far on the sender's thread, without the lock (the emitter keeps
     * offering meanwhile); called and returns with the lock held. Only the sender removes queued items (besides
     * {@link #close}, after which nothing is counted), so each rendered item is still queued when the lock is back.
     */
    private void renderDeferred() {
        List<Item> items = new ArrayList<>(unrendered);
        unrendered.clear();
        lock.unlock();
        try {
            for (Item item : items) {
                item.json = eventRender.render(item.event);
                item.event = null;
            }
        } finally {
            lock.lock();
        }
        if (closed) {
            return;
        }
        for (Item item : items) {
            queuedBytes += item.json.length - DEFERRED_ESTIMATE;
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
            if (taken > 0 && takenBytes + next.json.length > maxBytes) {
                break;
            }
            queue.removeFirst();
            records.add(next.json);
            taken++;
            takenBytes += next.json.length;
            endSeq = next.seq + 1;
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
            unrendered.clear();
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
