package dev.lamina.environment.telemetry;

import dev.lamina.environment.telemetry.PlatformEvent.EventCategory;
import dev.lamina.protocol.telemetry.SchemaVersion;
import java.util.List;
import java.util.Set;

/**
 * A validated subscribe request: every member known, in range, with defaults applied.
 *
 * @param types      the categories as the subscriber listed them (for {@code platform.*Subscription})
 * @param categories the same, as a set
 */
record SubscriptionSpec(SubscriptionApi api, SchemaVersion schema, List<String> types, Set<EventCategory> categories,
        int maxItems, int maxBytes, int timeoutMs, Destination destination) {

    /** Where batches go. Host names are not kept: {@code sandbox}/{@code sandbox.localdomain} resolve to one address. */
    sealed interface Destination {}

    /** HTTP POST to {@code port} with the URI's path and query ({@code pathAndQuery} starts with '/'). */
    record Http(String uri, int port, String pathAndQuery) implements Destination {}

    /** NDJSON over one TCP connection to {@code port}. */
    record Tcp(int port) implements Destination {}
}
