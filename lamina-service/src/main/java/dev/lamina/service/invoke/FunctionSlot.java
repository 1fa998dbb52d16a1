package dev.lamina.service.invoke;

import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * A function's place in the dispatcher: its single environment and the turn that serialises invokes on it.
 * {@code turn} (fair) admits one invoke at a time; this object's lock guards {@code current}.
 */
final class FunctionSlot {

    final Semaphore turn = new Semaphore(1, true);
    private EnvironmentHandle current;

    /** The environment for {@code revisionId}, creating one (retiring a stale one) when needed; marks it in use. */
    synchronized EnvironmentHandle take(String revisionId, Function<String, EnvironmentHandle> create) {
        if (current == null || !current.usableFor(revisionId)) {
            if (current != null) {
                current.retire();
            }
            current = create.apply(revisionId);
        }
        current.take();
        return current;
    }

    /** Retires the current environment, if any. */
    synchronized void retire() {
        if (current != null) {
            current.retire();
            current = null;
        }
    }

    /** Retires {@code handle} if it is still the current one (after a failed invoke). */
    synchronized void retire(EnvironmentHandle handle) {
        handle.retire();
        if (current == handle) {
            current = null;
        }
    }
}
