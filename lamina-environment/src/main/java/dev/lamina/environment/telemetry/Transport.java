package dev.lamina.environment.telemetry;

/** Sends one batch to a subscriber, blocking the subscriber's own sender thread (never the emitter). */
interface Transport extends AutoCloseable {

    /** @return null when delivered, else a short description of why not (the batch is then dropped) */
    String send(Batch batch) throws InterruptedException;

    /** Releases the connection; unblocks a send in progress. */
    @Override
    void close();
}
