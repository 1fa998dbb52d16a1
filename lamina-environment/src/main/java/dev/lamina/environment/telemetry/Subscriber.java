package dev.lamina.environment.telemetry;

import dev.lamina.environment.telemetry.PlatformEvent.EventCategory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One extension's subscription: its {@link DeliveryQueue} and one sender virtual thread that takes due batches and
 * sends them through its {@link Transport}, one at a time — so at most one batch per subscriber is in flight, and
 * the emitter never waits for the network. The sender also renders the events of every invoke, which the emitter
 * queues unrendered (D70).
 */
final class Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

    private final String extensionName;
    private final SubscriptionSpec spec;
    private final DeliveryQueue queue;
    private final Transport transport;
    private Thread sender;

    Subscriber(String extensionName, SubscriptionSpec spec, Transport transport, long capacityBytes,
            InstantSource clock, LogFormat format) {
        this.extensionName = extensionName;
        this.spec = spec;
        this.transport = transport;
        this.queue = new DeliveryQueue(spec.maxItems(), spec.maxBytes(), spec.timeoutMs(), capacityBytes,
                (bytes, records, reason) -> EventRenderer.render(
                        new PlatformEvent.LogsDropped(clock.instant(), bytes, records, reason),
                        spec.schema(), format).getFirst(),
                event -> EventRenderer.deferred(event, spec.schema(), format));
    }

    Subscriber start() {
        sender = Thread.ofVirtual().name("lamina-telemetry-" + extensionName).start(this::run);
        return this;
    }

    private void run() {
        try {
            Batch batch;
            while ((batch = queue.take()) != null) {
                String failure = transport.send(batch);
                if (failure != null) {
                    LOG.debug("telemetry subscriber {}: dropped {} records: {}", extensionName,
                            batch.records().size(), failure);
                }
                queue.done(batch, failure);
            }
        } catch (InterruptedException e) {
            // closed
        } finally {
            transport.close();
        }
    }

    String extensionName() {
        return extensionName;
    }

    SubscriptionSpec spec() {
        return spec;
    }

    boolean wants(EventCategory category) {
        return spec.categories().contains(category);
    }

    void offer(byte[] json) {
        queue.offer(json);
    }

    /** Several records in order, under one taking of the queue's lock. */
    void offer(List<byte[]> json) {
        queue.offer(json);
    }

    /** An event whose one record this subscriber's sender renders ({@link EventRenderer#deferrable}). */
    void offerDeferred(PlatformEvent event) {
        queue.offerDeferred(event);
    }

    CompletableFuture<Void> flush() {
        return queue.flush();
    }

    SubscriberStats stats() {
        DeliveryQueue.Counters c = queue.counters();
        return new SubscriberStats(extensionName, spec.api(), c.queuedRecords(), c.queuedBytes(),
                c.deliveredRecords(), c.droppedRecords(), c.droppedBytes());
    }

    /** Abandons what is queued, unblocks the sender and waits (bounded) for it to end. */
    void close(Duration wait) {
        queue.close();
        transport.close();
        Thread t = sender;
        if (t != null) {
            t.interrupt();
            try {
                t.join(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
