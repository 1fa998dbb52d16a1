package dev.lamina.environment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One invoke in progress: its futures, its log lines and its timing. Mutable, confined to the environment's
 * serial executor (never touched from another thread).
 */
final class InvokeRun {
    /** The Content-Type of the bodies the platform builds (errors, and responses sent without a usable type). */
    static final String JSON = "application/json";

    final Invocation invocation;
    final CompletableFuture<InvokeResult> result = new CompletableFuture<>();
    final CompletableFuture<String> log = new CompletableFuture<>();
    final List<String> lines = new ArrayList<>();
    long startNanos;
    long answeredNanos;
    long deadlineMs;
    boolean started;
    boolean dispatched;
    boolean resultDone;
    boolean finished;
    /** A reset for this invoke (timeout, crash) is under way: END/REPORT follow when it is done. */
    boolean ending;
    /** Runtime and extensions parked again: END/REPORT are on their way. */
    boolean settled;
    /** When the invoke's work ended: the answer, or (with INVOKE extensions) when everyone parked again. */
    long endNanos;
    /** Set on the first invoke after a (non-suppressed) cold start. */
    Double initDurationMs;
    ScheduledFuture<?> timer;
    /** Telemetry: when {@code platform.runtimeDone} went out (0: not yet), the response size, a posted error type. */
    long runtimeDoneNanos;
    long producedBytes;
    String functionError;
    /** {@code platform.report}, once built (before a reset, for a timeout or failure); the REPORT line's status. */
    dev.lamina.environment.telemetry.PlatformEvent.Report report;
    String reportStatusLine;

    InvokeRun(Invocation invocation) {
        this.invocation = invocation;
    }

    String requestId() {
        return invocation.requestId();
    }

    void complete(byte[] payload, String contentType, String functionError) {
        if (!resultDone) {
            resultDone = true;
            result.complete(new InvokeResult(requestId(), payload, contentType, functionError, log));
        }
    }

    double durationMs() {
        if (!started) {
            return 0;
        }
        return Math.max(0, (endNanos != 0 ? endNanos : answeredNanos) - startNanos) / 1e6;
    }
}
