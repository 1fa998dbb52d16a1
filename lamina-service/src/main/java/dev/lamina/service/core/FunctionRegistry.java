package dev.lamina.service.core;

import java.util.List;
import java.util.Optional;

/** Where functions are kept. Implementations are thread-safe; every method is one transaction. */
public interface FunctionRegistry {

    Optional<FunctionRecord> find(String name);

    /** Adds a function; false when one with that name exists already. */
    boolean insert(FunctionRecord function);

    /** Replaces a function if its stored revision is still {@code expectedRevisionId}; false otherwise. */
    boolean replace(FunctionRecord function, String expectedRevisionId);

    /** Removes a function; false when there was none. */
    boolean delete(String name);

    /** Up to {@code limit} functions whose names sort after {@code afterName} (null: from the start), by name. */
    List<FunctionRecord> list(String afterName, int limit);
}
