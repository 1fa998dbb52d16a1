package dev.lamina.environment;

import java.util.concurrent.CompletableFuture;

/**
 * One execution environment: a runtime process, its extensions and the in-sandbox APIs they talk to,
 * with Lambda's lifecycle Init → Invoke* → Shutdown.
 *
 * <p>An environment serves one invoke at a time. It initialises lazily on the first invoke; after a reset
 * (timeout, crash) the next invoke initialises it again.
 */
public interface ExecutionEnvironment extends AutoCloseable {

    /** A unique id of this environment (also used in its log stream name). */
    String id();

    /**
     * Runs one invoke. The future completes with the caller's result as soon as it is known; it never completes
     * exceptionally for function, runtime or timeout failures, which are results. An invoke submitted while
     * another is running is an invariant violation ({@link IllegalStateException}).
     */
    CompletableFuture<InvokeResult> invoke(Invocation invocation);

    /** True while an invoke is in progress. */
    boolean busy();

    /**
     * True when the calling thread is the one that serves this environment's runtime (its Runtime API's event loop):
     * an invoke started from it hands the event over and takes the answer without waking another thread (D83).
     */
    default boolean servedByCallingThread() {
        return false;
    }

    /** Shuts the environment down (reason {@code spindown}), killing every process; blocks until done. */
    @Override
    void close();
}
