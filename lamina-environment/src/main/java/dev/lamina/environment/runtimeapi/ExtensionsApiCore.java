package dev.lamina.environment.runtimeapi;

import java.util.function.Consumer;

/**
 * The environment side of the Extensions API, with the same rules as {@link RuntimeApiCore}: never block the
 * caller, call {@code reply} exactly once later (or never, for a parked {@code event/next} of an extension that is
 * killed). Rejections are rendered as 403, as RIE renders every Extensions API failure.
 */
@FunctionalInterface
public interface ExtensionsApiCore {

    void handle(ExtensionCommand command, Consumer<ApiOutcome> reply);
}
