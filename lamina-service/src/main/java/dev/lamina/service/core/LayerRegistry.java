package dev.lamina.service.core;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/** Where layer versions are kept. Implementations are thread-safe; every method is one transaction. */
public interface LayerRegistry {

    /**
     * Publishes the next version of a layer: one more than the highest version it ever had, so a number is never
     * reused, even after its version was deleted.
     *
     * @param withVersion makes the record for the version number it is given
     */
    LayerVersionRecord publish(String name, LongFunction<LayerVersionRecord> withVersion);

    Optional<LayerVersionRecord> find(String name, long version);

    /** Removes a layer version; false when there was none. The layer's version counter stays. */
    boolean delete(String name, long version);

    /** Every version of a layer, newest first; empty for an unknown layer. */
    List<LayerVersionRecord> versions(String name);

    /** Every version of the layers whose names sort after {@code afterName} (null: all), by name, newest first. */
    List<LayerVersionRecord> versionsOfLayersAfter(String afterName);
}
