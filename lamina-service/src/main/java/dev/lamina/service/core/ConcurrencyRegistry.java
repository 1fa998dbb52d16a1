package dev.lamina.service.core;

import java.util.Map;

/**
 * Where reserved concurrency is kept, one value per function. Implementations are thread-safe; every method is one
 * transaction. A function's reservation disappears with the function.
 */
public interface ConcurrencyRegistry {

    /** Every reservation, by function name. */
    Map<String, Integer> all();

    /** Sets a function's reservation; false when the function does not exist. */
    boolean put(String functionName, int reserved);

    /** Removes a function's reservation; false when it had none. */
    boolean delete(String functionName);
}
