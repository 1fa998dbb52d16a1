package dev.lamina.environment;

import dev.lamina.environment.telemetry.LogFormat;
import dev.lamina.environment.telemetry.LogLevel;
import dev.lamina.environment.telemetry.PlatformEvent;
import dev.lamina.environment.telemetry.PlatformEvent.InitPhase;
import dev.lamina.environment.telemetry.PlatformEvent.InitType;
import dev.lamina.environment.telemetry.PlatformEvent.Span;
import dev.lamina.environment.telemetry.PlatformEvent.Status;
import dev.lamina.environment.telemetry.PlatformEvent.Tracing;
import dev.lamina.environment.telemetry.PlatformEventListener;
import dev.lamina.environment.telemetry.SocketOpener;
import dev.lamina.environment.telemetry.TelemetryHub;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Builds the {@link PlatformEvent}s of contract §3.3 from lifecycle facts and emits each one once, from the
 * environment's serial executor, to the environment's {@link TelemetryHub} (plus any other listener): the one typed
 * stream of style P10. Also owns the hub's lifecycle calls. Confined to the serial executor, except
 * {@link #close()}.
 */
final class EnvironmentEvents implements AutoCloseable {
    private final TelemetryHub hub;
    private final PlatformEventListener listener;
    private final EnvironmentSpec spec;
    private final InstantSource clock;
    private final Ticker ticker;

    EnvironmentEvents(TelemetryHub hub, PlatformEventListener others, EnvironmentSpec spec, InstantSource clock,
            Ticker ticker) {
        this.hub = hub;
        this.listener = hub.plus(others);
        this.spec = spec;
        this.clock = clock;
        this.ticker = ticker;
    }

    /**
     * Each subscriber may buffer this many times its {@code maxBytes} (16 MiB at the maximum {@code maxBytes}): a
     * burst of output — 100,000 lines in one invoke — must reach a subscriber that keeps up, while a stalled
     * one only costs this much memory before records are dropped.
     */
    static final int BUFFER_FACTOR = 16;

    /**
     * The environment's hub: subscribers' {@code sandbox.localdomain} is 127.0.0.1, reached through sockets opened in
     * the environment's own network ({@code sockets}).
     */
    static TelemetryHub hub(InstantSource clock, EnvironmentSpec spec, SocketOpener sockets) {
        return TelemetryHub.builder().sandboxAddress(InetAddress.getLoopbackAddress()).sockets(sockets).clock(clock)
                .logFormat(spec.jsonLogs() ? LogFormat.JSON : LogFormat.TEXT)
                .systemLogLevel(systemLogLevel(spec)).bufferFactor(BUFFER_FACTOR).build();
    }

    /** {@code SystemLogLevel}, which exists only with JSON logs; null: nothing filtered. */
    static LogLevel systemLogLevel(EnvironmentSpec spec) {
        return spec.jsonLogs() ? LogLevel.parse(spec.systemLogLevel()) : null;
    }

    TelemetryHub hub() {
        return hub;
    }

    private void emit(PlatformEvent event) {
        listener.onEvent(event);
    }

    private Instant now() {
        return clock.instant();
    }

    /** The wall time {@code nanos} (a {@link Ticker} reading) corresponds to. */
    Instant at(long nanos) {
        return now().minusNanos(Math.max(0, ticker.nanos() - nanos));
    }

    static InitPhase phase(boolean suppressed) {
        return suppressed ? InitPhase.INVOKE : InitPhase.INIT;
    }

    void initStart(boolean suppressed) {
        emit(new PlatformEvent.InitStart(now(), InitType.ON_DEMAND, phase(suppressed), null, null,
                spec.functionName(), spec.functionVersion(), null, null));
    }

    /** Init is over (contract §4.1 step 6): subscriptions close, then initRuntimeDone, extensions, initReport. */
    void initDone(boolean suppressed, long startNanos, Iterable<Extension> extensions) {
        hub.closeSubscriptions();
        InitPhase phase = phase(suppressed);
        double ms = (ticker.nanos() - startNanos) / 1e6;
        emit(new PlatformEvent.InitRuntimeDone(now(), InitType.ON_DEMAND, phase, Status.SUCCESS, null, List.of()));
        for (Extension e : extensions) {
            extension(e, null);
        }
        emit(new PlatformEvent.InitReport(now(), InitType.ON_DEMAND, phase, Status.SUCCESS, null, ms, List.of()));
    }

    /** An init attempt failed: initRuntimeDone and initReport with its status (before the reset). */
    void initFailed(boolean suppressed, long startNanos, InitFailure failure) {
        hub.closeSubscriptions();
        InitPhase phase = phase(suppressed);
        Status status = failure.timeout() ? Status.TIMEOUT : Status.ERROR;
        String type = failure.timeout() ? null : failure.errorType();
        double ms = (ticker.nanos() - startNanos) / 1e6;
        emit(new PlatformEvent.InitRuntimeDone(now(), InitType.ON_DEMAND, phase, status, type, List.of()));
        emit(new PlatformEvent.InitReport(now(), InitType.ON_DEMAND, phase, status, type, ms, List.of()));
    }

    void extension(Extension e, String errorType) {
        emit(new PlatformEvent.Extension(now(), e.name, e.state().name(), e.events, errorType));
    }

    void start(InvokeRun r) {
        emit(new PlatformEvent.Start(now(), r.requestId(), spec.functionVersion(), tracing(r)));
    }

    /**
     * {@code platform.runtimeDone}, once per invoke: on the runtime's next {@code /next} (success, or error for a
     * posted {@code /error}), or when the invoke times out or a process fails.
     */
    void runtimeDone(InvokeRun r, Status status, String errorType) {
        if (r.runtimeDoneNanos != 0 || !r.started) {
            return;
        }
        r.runtimeDoneNanos = ticker.nanos();
        Double durationMs = null;
        List<Span> spans = List.of();
        if (r.answeredNanos != 0 && status != Status.TIMEOUT) {
            durationMs = Math.max(0, r.answeredNanos - r.startNanos) / 1e6;
            double tail = Math.max(0, r.runtimeDoneNanos - r.answeredNanos) / 1e6;
            spans = List.of(new Span("responseLatency", at(r.startNanos), durationMs),
                    new Span("responseDuration", at(r.answeredNanos), 0.0),
                    new Span("runtimeOverhead", at(r.answeredNanos), tail));
        }
        emit(new PlatformEvent.RuntimeDone(now(), r.requestId(), status, errorType, durationMs,
                r.answeredNanos != 0 ? r.producedBytes : null, spans, tracing(r)));
    }

    /** {@code platform.fault} (Logs API only), for a runtime that exits mid-invoke. */
    void fault(InvokeRun r) {
        emit(new PlatformEvent.Fault(now(), "RequestId: " + r.requestId() + " Process exited before completing request"));
    }

    /**
     * {@code platform.report}, built once per invoke; the REPORT line is rendered from it
     * ({@link PlatformLines#report(PlatformEvent.Report)}).
     *
     * @param statusLine the REPORT line's status ({@code null}, {@code Status: timeout} or
     *                   {@code Status: error\tError Type: X}); a function's own {@code /error} has none in REPORT
     *                   but is {@code error} in the event
     */
    PlatformEvent.Report report(InvokeRun r, String statusLine, long maxMemoryMb) {
        if (r.report != null) {
            return r.report;
        }
        Status status = Status.SUCCESS;
        String errorType = null;
        if (statusLine != null && statusLine.equals(PlatformLines.timeoutStatus())) {
            status = Status.TIMEOUT;
        } else if (statusLine != null && statusLine.startsWith("Status: error\tError Type: ")) {
            status = Status.ERROR;
            errorType = statusLine.substring("Status: error\tError Type: ".length());
        } else if (r.functionError != null) {
            status = Status.ERROR;
            errorType = r.functionError;
        }
        double ms = r.durationMs();
        List<Span> spans = List.of();
        if (r.runtimeDoneNanos != 0 && r.endNanos > r.runtimeDoneNanos) {
            spans = List.of(new Span("extensionOverhead", at(r.runtimeDoneNanos),
                    (r.endNanos - r.runtimeDoneNanos) / 1e6));
        }
        PlatformEvent.Report report = new PlatformEvent.Report(now(), r.requestId(), status, errorType,
                new PlatformEvent.ReportMetrics(ms, (long) Math.ceil(ms), spec.memoryMb(), maxMemoryMb,
                        r.initDurationMs, null),
                spans, tracing(r));
        r.report = report;
        r.reportStatusLine = statusLine;
        emit(report);
        return report;
    }

    void functionLine(String line) {
        functionLine(now(), line);
    }

    /** A function record with its own time (a log frame's timestamp). */
    void functionLine(Instant time, String line) {
        emit(new PlatformEvent.FunctionLine(time, line));
    }

    /** The output lines of one pipe read ({@code FunctionLine}/{@code ExtensionLine}), in order, in one go. */
    void lines(List<PlatformEvent> lines) {
        listener.onEvents(lines);
    }

    void extensionLine(String extension, String line) {
        emit(new PlatformEvent.ExtensionLine(now(), extension, line));
    }

    private static Tracing tracing(InvokeRun r) {
        String trace = r.invocation.traceId();
        return trace == null || trace.isBlank() ? null : new Tracing(null, trace);
    }

    /** Whether anyone subscribed (if not, there is nothing to flush). */
    boolean hasSubscribers() {
        return !hub.stats().isEmpty();
    }

    /** Delivers what is buffered; never blocks. */
    CompletableFuture<Boolean> flush(Duration deadline) {
        return hub.flush(deadline);
    }

    /** The extensions are gone: drop their subscriptions and reopen for the next init. */
    void reset() {
        hub.reset();
    }

    @Override
    public void close() {
        hub.close();
    }
}
