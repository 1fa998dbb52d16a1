package dev.lamina.sandbox;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a signal to a whole process group with libc's {@code kill(-pgid, sig)} through the foreign-function API.
 *
 * <p>When the native call is unavailable (no libc symbol, native access denied), {@link #signalGroup} returns
 * false and the caller falls back to {@link ProcessHandle} (descendants first, then the leader).
 */
final class ProcessGroupSignaller {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroupSignaller.class);
    private static final Optional<MethodHandle> KILL = lookupKill();

    private ProcessGroupSignaller() {}

    private static Optional<MethodHandle> lookupKill() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("kill").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
        } catch (Throwable e) { // IllegalCallerException when native access is denied, UnsupportedOperationException
            LOG.warn("kill(2) is not available through the FFM API; falling back to ProcessHandle: {}", e.toString());
            return Optional.empty();
        }
    }

    static boolean available() {
        return KILL.isPresent();
    }

    /**
     * Signals every process of the group led by {@code pgid}.
     *
     * @return true when the signal was delivered; false when the call is unavailable or failed (e.g. ESRCH because
     *     the child has not yet run {@code setsid}, or the group is gone), so the caller falls back to the tree
     */
    static boolean signalGroup(long pgid, int signal) {
        if (KILL.isEmpty() || pgid <= 1) {
            return false;
        }
        try {
            int rc = (int) KILL.get().invokeExact((int) -pgid, signal);
            return rc == 0;
        } catch (Throwable e) {
            LOG.warn("kill(-{}, {}) failed: {}", pgid, signal, e.toString());
            return false;
        }
    }

    /** Signals one process ({@code kill(pid, sig)}); false when unavailable or it failed (ESRCH). */
    static boolean signalPid(long pid, int signal) {
        if (KILL.isEmpty() || pid <= 1) {
            return false;
        }
        try {
            return (int) KILL.get().invokeExact((int) pid, signal) == 0;
        } catch (Throwable e) {
            LOG.warn("kill({}, {}) failed: {}", pid, signal, e.toString());
            return false;
        }
    }

    /** The fallback: signals the leader's descendants and the leader itself through {@link ProcessHandle}. */
    static void signalTree(ProcessHandle leader, Signal signal) {
        switch (signal) {
            case KILL -> {
                leader.descendants().forEach(ProcessHandle::destroyForcibly);
                leader.destroyForcibly();
            }
            case TERM, INT -> {
                leader.descendants().forEach(ProcessHandle::destroy);
                leader.destroy();
            }
            default -> LOG.warn("cannot send {} to pid {} without kill(2)", signal, leader.pid());
        }
    }
}
