package dev.lamina.service.logs;

/**
 * Receives the records a function's log group gets after {@link FunctionLogStore#readAndFollow subscribing}. Called
 * on the store's writer thread, after the record is written: must not block.
 */
public interface LogListener {

    void onRecord(LogRecord record);

    /** The store closed: no more records will come. */
    default void onEnd() {}
}
