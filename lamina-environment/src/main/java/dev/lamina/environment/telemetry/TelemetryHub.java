package dev.lamina.environment.telemetry;

import dev.lamina.environment.telemetry.PlatformEvent.EventCategory;
import dev.lamina.protocol.telemetry.SchemaVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Logs API and Telemetry API of one environment (contract §3): it takes subscriptions while they are open
 * (init), and fans every {@link PlatformEvent} the environment emits out to the subscribers that asked for its
 * category, rendered for each one's schema version. Netty-free: the transport adapters call
 * {@link #subscribe}, the lifecycle calls {@link #onEvent}, {@link #closeSubscriptions}, {@link #flush},
 * {@link #reset} and {@link #close}.
 *
 * <p><b>Threads and lock.</b> {@code lock} guards the subscriber map, the replay log and the open/closed flags.
 * It is held while an event is rendered and offered to each subscriber's queue — CPU work and each queue's own
 * short lock (lock order: hub, then queue) — and never during I/O: each subscriber sends from its own virtual
 * thread. The three events of every invoke are not rendered here but queued as they are, and rendered by each
 * subscriber's sender (D70): on the invoke's thread they cost a queue entry. {@link #onEvent} therefore never
 * waits for a subscriber, however slow. Any thread may call any method;
 * the environment calls {@code onEvent} from its serial executor, subscribe requests arrive from Netty event loops.
 */
public final class TelemetryHub implements PlatformEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryHub.class);

    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    // ---- guarded by lock ----
    private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    private final ArrayDeque<PlatformEvent> replay = new ArrayDeque<>();
    private long replayOverflow;
    private boolean open = true;
    private boolean closed;

    private record Settings(InetAddress sandboxAddress, SocketOpener sockets, LogFormat logFormat,
            LogLevel systemLogLevel, InstantSource clock, Duration sendTimeout, Duration connectTimeout,
            int bufferFactor, int replayLimit, Duration closeWait) {}

    private TelemetryHub(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Subscribes {@code extensionName} (already resolved from {@code Lambda-Extension-Identifier}) to {@code api}
     * with the raw request body. On success it replays this init's earlier events to the new subscriber and emits
     * {@code platform.telemetrySubscription} / {@code platform.logsSubscription}.
     */
    public SubscribeOutcome subscribe(SubscriptionApi api, String extensionName, byte[] body) {
        Objects.requireNonNull(api);
        Objects.requireNonNull(extensionName);
        SubscriptionSpec spec;
        switch (SubscribeRequestValidator.validate(api, body)) {
            case SubscribeRequestValidator.Valid v -> spec = v.spec();
            case SubscribeRequestValidator.Invalid i -> {
                return new SubscribeOutcome.Rejected(api.validationError(), i.message());
            }
        }
        lock.lock();
        try {
            if (closed || !open) {
                return new SubscribeOutcome.Rejected(api.closedError(), api.closedMessage());
            }
            Subscriber existing = subscribers.get(extensionName);
            if (existing != null) {
                SubscriptionApi other = existing.spec().api();
                if (other != api) {
                    return new SubscribeOutcome.Rejected(api.validationError(), "Extension " + extensionName
                            + " is already subscribed to the " + other.displayName()
                            + "; an extension cannot use both the Logs API and the Telemetry API");
                }
                if (api == SubscriptionApi.LOGS) {
                    return SubscribeOutcome.SUBSCRIBED; // idempotent; the first subscription stays
                }
                return new SubscribeOutcome.Rejected(api.validationError(),
                        "Extension " + extensionName + " is already subscribed to the Telemetry API");
            }
            Subscriber subscriber = new Subscriber(extensionName, spec, transport(spec),
                    (long) spec.maxBytes() * settings.bufferFactor(), settings.clock(), settings.logFormat()).start();
            for (PlatformEvent earlier : replay) {
                if (subscriber.wants(earlier.category())) {
                    EventRenderer.render(earlier, spec.schema(), settings.logFormat()).forEach(subscriber::offer);
                }
            }
            subscribers.put(extensionName, subscriber);
            LOG.debug("{} subscribed to the {} ({}, {})", extensionName, api.displayName(), spec.schema(),
                    spec.types());
            onEvent(api == SubscriptionApi.LOGS
                    ? new PlatformEvent.LogsSubscription(settings.clock().instant(), extensionName, "Subscribed",
                            spec.types())
                    : new PlatformEvent.TelemetrySubscription(settings.clock().instant(), extensionName,
                            "Subscribed", spec.types()));
            return SubscribeOutcome.SUBSCRIBED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Routes one event to every subscriber of its category (and, while subscriptions are open, keeps it for
     * replay). Never blocks on a subscriber. {@link PlatformEvent.LogsDropped} is per subscriber and ignored here.
     */
    @Override
    public void onEvent(PlatformEvent event) {
        onEvents(List.of(event));
    }

    /**
     * Like {@link #onEvent} for each event in order, under one taking of the lock, and each subscriber's share
     * offered to its queue in one go (one queue lock per call): a flood of output costs a lock per pipe read, not per
     * line.
     */
    @Override
    public void onEvents(List<? extends PlatformEvent> events) {
        List<PlatformEvent> passing = new ArrayList<>(events.size());
        for (PlatformEvent event : events) {
            if (!(event instanceof PlatformEvent.LogsDropped) && passesSystemLevel(event)) {
                passing.add(event);
            }
        }
        if (passing.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (open && settings.replayLimit() > 0) {
                for (PlatformEvent event : passing) {
                    if (replay.size() >= settings.replayLimit()) {
                        replay.removeFirst();
                        replayOverflow++;
                    }
                    replay.addLast(event);
                }
            }
            if (subscribers.isEmpty()) {
                return;
            }
            // each event is rendered once per schema version in use, however many subscribers share the version;
            // the events of every invoke are queued unrendered, for each subscriber's sender to render (D70)
            Map<SchemaVersion, List<byte[]>[]> rendered = null;
            for (Subscriber s : subscribers.values()) {
                SchemaVersion schema = s.spec().schema();
                List<byte[]>[] bySchema = null;
                List<byte[]> share = null;
                for (int i = 0; i < passing.size(); i++) {
                    PlatformEvent event = passing.get(i);
                    if (!s.wants(event.category())) {
                        continue;
                    }
                    if (EventRenderer.deferrable(event, schema)) {
                        if (share != null && !share.isEmpty()) {
                            s.offer(share); // what came before, first: the queue keeps emission order
                            share = null;
                        }
                        s.offerDeferred(event);
                        continue;
                    }
                    if (bySchema == null) {
                        if (rendered == null) {
                            rendered = new EnumMap<>(SchemaVersion.class);
                        }
                        bySchema = rendered.computeIfAbsent(schema, v -> newRenderings(passing.size()));
                    }
                    if (bySchema[i] == null) {
                        bySchema[i] = EventRenderer.render(event, schema, settings.logFormat());
                    }
                    if (share == null) {
                        share = new ArrayList<>(passing.size());
                    }
                    share.addAll(bySchema[i]);
                }
                if (share != null && !share.isEmpty()) {
                    s.offer(share);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<byte[]>[] newRenderings(int n) {
        return (List<byte[]>[]) new List<?>[n];
    }

    /** {@code SystemLogLevel}: platform events below it reach no subscriber (and are not replayed). */
    private boolean passesSystemLevel(PlatformEvent event) {
        LogLevel level = event.systemLevel();
        return level == null || level.passes(settings.systemLogLevel());
    }

    /** End of init: later subscribe requests get 403 ({@code Telemetry.SubscriptionClosed}/{@code Logs.SubscriptionClosed}). */
    public void closeSubscriptions() {
        lock.lock();
        try {
            open = false;
            replay.clear();
            if (replayOverflow > 0) {
                LOG.debug("replay log overflowed by {} events during init", replayOverflow);
                replayOverflow = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The environment was reset (its extensions are gone): abandons every subscription and what it had queued,
     * and opens subscriptions again for the next init.
     */
    public void reset() {
        List<Subscriber> gone;
        lock.lock();
        try {
            gone = new ArrayList<>(subscribers.values());
            subscribers.clear();
            replay.clear();
            replayOverflow = 0;
            open = !closed;
        } finally {
            lock.unlock();
        }
        gone.forEach(s -> s.close(settings.closeWait()));
    }

    /**
     * Delivers everything buffered so far, now rather than at its batch timeout. The future completes with true
     * once every subscriber has sent (or dropped) every record it held when this was called, or with false at
     * {@code deadline}. Never blocks the caller.
     */
    public CompletableFuture<Boolean> flush(Duration deadline) {
        List<Subscriber> current;
        lock.lock();
        try {
            current = List.copyOf(subscribers.values());
        } finally {
            lock.unlock();
        }
        CompletableFuture<?>[] all = current.stream().map(Subscriber::flush).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(v -> true)
                .completeOnTimeout(false, Math.max(0, deadline.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** One snapshot per subscription, in subscription order. */
    public List<SubscriberStats> stats() {
        lock.lock();
        try {
            return subscribers.values().stream().map(Subscriber::stats).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Whether subscribe requests are still accepted. */
    public boolean subscriptionsOpen() {
        lock.lock();
        try {
            return open && !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops every subscriber (queued records are abandoned: {@link #flush} first). */
    @Override
    public void close() {
        List<Subscriber> gone;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            open = false;
            gone = new ArrayList<>(subscribers.values());
            subscribers.clear();
            replay.clear();
        } finally {
            lock.unlock();
        }
        gone.forEach(s -> s.close(settings.closeWait()));
    }

    private Transport transport(SubscriptionSpec spec) {
        return switch (spec.destination()) {
            case SubscriptionSpec.Http h -> new HttpTransport(settings.sockets(), settings.sandboxAddress(), h,
                    settings.sendTimeout(), settings.connectTimeout());
            case SubscriptionSpec.Tcp t ->
                    new TcpTransport(settings.sockets(), settings.sandboxAddress(), t.port(), settings.connectTimeout());
        };
    }

    public static final class Builder {
        private InetAddress sandboxAddress = InetAddress.getLoopbackAddress();
        private SocketOpener sockets = SocketOpener.HOST;
        private LogFormat logFormat = LogFormat.TEXT;
        private LogLevel systemLogLevel;
        private InstantSource clock = InstantSource.system();
        private Duration sendTimeout = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private int bufferFactor = 4;
        private int replayLimit = 10_000;
        private Duration closeWait = Duration.ofSeconds(1);

        private Builder() {}

        /** What {@code sandbox} and {@code sandbox.localdomain} (and TCP destinations) resolve to; default 127.0.0.1. */
        public Builder sandboxAddress(InetAddress address) {
            this.sandboxAddress = Objects.requireNonNull(address);
            return this;
        }

        /** Opens the sockets to subscribers: in the environment's own network when it has one (default: the JVM's). */
        public Builder sockets(SocketOpener opener) {
            this.sockets = Objects.requireNonNull(opener);
            return this;
        }

        /** The function's log format; JSON makes JSON lines JSON records for schema ≥ 2022-12-13. */
        public Builder logFormat(LogFormat format) {
            this.logFormat = Objects.requireNonNull(format);
            return this;
        }

        /**
         * The function's {@code LoggingConfig.SystemLogLevel} (null: none): platform events below it are not
         * delivered (see {@link PlatformEvent#systemLevel()}).
         */
        public Builder systemLogLevel(LogLevel level) {
            this.systemLogLevel = level;
            return this;
        }

        /** Wall time for the events the hub makes itself (subscription, logsDropped). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** How long one HTTP batch may take before it is dropped (default 5 s). */
        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = positive(timeout);
            return this;
        }

        /** Connect timeout of HTTP and TCP destinations (default 1 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /** Each subscriber buffers at most {@code factor × maxBytes} (default 4) besides the batch in flight. */
        public Builder bufferFactor(int factor) {
            if (factor < 2) {
                throw new IllegalArgumentException("buffer factor must be at least 2: " + factor);
            }
            this.bufferFactor = factor;
            return this;
        }

        /** How many events of the current init are kept for replay to late subscribers (default 10,000). */
        public Builder replayLimit(int events) {
            if (events < 0) {
                throw new IllegalArgumentException("replay limit: " + events);
            }
            this.replayLimit = events;
            return this;
        }

        /** How long {@link TelemetryHub#close()} waits for each sender thread to end (default 1 s). */
        public Builder closeWait(Duration wait) {
            this.closeWait = Objects.requireNonNull(wait);
            return this;
        }

        public TelemetryHub build() {
            return new TelemetryHub(new Settings(sandboxAddress, sockets, logFormat, systemLogLevel, clock, sendTimeout,
                    connectTimeout, bufferFactor, replayLimit, closeWait));
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive: " + d);
            }
            return d;
        }
    }
}
