package dev.lamina.environment.telemetry;

import java.util.Objects;

/**
 * Receives every {@link PlatformEvent} of one environment, in emission order, on the emitting thread (the
 * environment's serial executor). Implementations must not block: they enqueue or record and return.
 * Listeners compose with {@link #plus}, like OkHttp's {@code EventListener}.
 */
@FunctionalInterface
public interface PlatformEventListener {

    void onEvent(PlatformEvent event);

    PlatformEventListener NONE = event -> {};

    /** A listener that hands each event to this one, then to {@code next}. */
    default PlatformEventListener plus(PlatformEventListener next) {
        Objects.requireNonNull(next);
        if (this == NONE) {
            return next;
        }
        if (next == NONE) {
            return this;
        }
        return event -> {
            onEvent(event);
            next.onEvent(event);
        };
    }
}
