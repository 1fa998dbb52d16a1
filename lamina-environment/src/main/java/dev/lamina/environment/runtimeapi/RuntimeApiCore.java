package dev.lamina.environment.runtimeapi;

import java.util.function.Consumer;

/**
 * The environment side of the Runtime API. Implementations must not block the caller (a Netty event loop): they
 * hand the command to their own single writer and call {@code reply} exactly once, later, from any thread — or
 * never, for a parked {@code next} whose environment is reset or closed (the connection then dies with it).
 */
@FunctionalInterface
public interface RuntimeApiCore {

    void handle(RuntimeCommand command, Consumer<ApiOutcome> reply);
}
