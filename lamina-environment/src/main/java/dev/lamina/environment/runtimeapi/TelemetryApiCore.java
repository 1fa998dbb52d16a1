package dev.lamina.environment.runtimeapi;

import dev.lamina.environment.telemetry.SubscribeOutcome;
import dev.lamina.environment.telemetry.SubscriptionApi;
import java.util.function.Consumer;

/**
 * The environment side of the Logs API and Telemetry API subscribe requests (contract §3.1): resolves the
 * extension identifier and subscribes it. Never blocks the caller; calls {@code reply} exactly once. An unknown
 * identifier is a {@code Rejected} with an {@code Extension.*} type (rendered 403).
 */
@FunctionalInterface
public interface TelemetryApiCore {

    void subscribe(SubscriptionApi api, String identifier, byte[] body, Consumer<SubscribeOutcome> reply);

    /** Refuses every subscription (for servers without telemetry). */
    TelemetryApiCore NONE = (api, identifier, body, reply) -> reply.accept(
            new SubscribeOutcome.Rejected(api.closedError(), api.displayName() + " is not available"));
}
