package dev.lamina.environment.telemetry;

import java.util.List;
import java.util.Objects;

/**
 * Receives every {@link PlatformEvent} of one environment, in emission order, on the emitting thread (the
 * environment's serial executor). Implementations must not block: they enqueue or record and return.
 * Listeners compose with {@link #plus}, like OkHttp's {@code EventListener}.
 */
@FunctionalInterface
public interface PlatformEventListener {

    void onEvent(PlatformEvent event);

    /**
     * Several events in emission order, e.g. the output lines of one pipe read: the same as {@link #onEvent} for
     * each, in order; a listener may take them in one go (the hub takes its lock once per call, not per line).
     */
    default void onEvents(List<? extends PlatformEvent> events) {
        for (PlatformEvent event : events) {
            onEvent(event);
        }
    }

    PlatformEventListener NONE = event -> {};

    /**
     * A listener that hands each event to this one, then to {@code next} (a call of {@link #onEvents} hands all its
     * events to this one, then all to {@code next}: each listener still sees every event in emission order).
     */
    default PlatformEventListener plus(PlatformEventListener next) {
        Objects.requireNonNull(next);
        if (this == NONE) {
            return next;
        }
        if (next == NONE) {
            return this;
        }
        PlatformEventListener first = this;
        return new PlatformEventListener() {
            @Override
            public void onEvent(PlatformEvent event) {
                first.onEvent(event);
                next.onEvent(event);
            }

            @Override
            public void onEvents(List<? extends PlatformEvent> events) {
                first.onEvents(events);
                next.onEvents(events);
            }
        };
    }
}
