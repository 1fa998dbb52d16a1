package dev.lamina.environment;

import dev.lamina.protocol.extensions.ExtensionEvent;
import dev.lamina.protocol.extensions.ExtensionsApi;
import dev.lamina.protocol.extensions.ShutdownReason;
import dev.lamina.sandbox.ProcessExit;
import dev.lamina.sandbox.SandboxedProcess;
import dev.lamina.sandbox.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * The shutdown sequence of contract §4.3, for a reset ({@code timeout}, {@code failure}) and the end
 * ({@code spindown}) alike:
 *
 * <ol>
 *   <li>Budget: 0 ms without extensions (SIGKILL the runtime at once), 500 ms with only internal ones, 2,000 ms
 *       with any external one.</li>
 *   <li>SIGTERM to the runtime's process group; SIGKILL after 300 ms (500 ms when there is an internal
 *       extension) if it has not exited. Internal extensions end with it.</li>
 *   <li>The Logs/Telemetry API buffers are flushed (bounded by the deadline).</li>
 *   <li>SHUTDOWN (with the budget's {@code deadlineMs}) to every SHUTDOWN-subscribed external extension, as soon as
 *       it is parked in {@code event/next}; every other external extension is SIGKILLed at once.</li>
 *   <li>Each subscriber is done when it exits or calls {@code event/next} again; at the deadline the stragglers
 *       are SIGKILLed ({@code ShutdownFailed}, with an {@code EXTENSION} log line).</li>
 *   <li>Finally every process group is SIGKILLed (children a launcher left behind too) and {@code done} runs.</li>
 * </ol>
 *
 * <p>Confined to the environment's serial executor: every input below is called from a task on it, and the
 * processes must have been thawed before {@link #start()}.
 */
final class ShutdownSequence {
    static final Duration EXTERNAL_BUDGET = Duration.ofMillis(2000);
    static final Duration INTERNAL_BUDGET = Duration.ofMillis(500);
    static final Duration RUNTIME_SHARE = Duration.ofMillis(300);
    static final Duration RUNTIME_SHARE_WITH_INTERNAL = Duration.ofMillis(500);
    /** How long to wait for a SIGKILLed runtime's exit to be reported before going on anyway. */
    private static final Duration EXIT_GRACE = Duration.ofMillis(1000);

    /** What the sequence needs from its environment. */
    interface Host {
        /** Runs {@code task} on the serial executor after {@code delay}. */
        ScheduledFuture<?> schedule(Duration delay, Runnable task);

        long nowMs();

        void emit(String line);

        /**
         * Delivers the buffered Logs/Telemetry API records (contract §3.2: flush on shutdown); the future completes
         * when done or at {@code deadline}, never on the caller's thread necessarily.
         */
        java.util.concurrent.CompletableFuture<Boolean> flushTelemetry(Duration deadline);

        /** Completes the extension's parked {@code event/next} with the event (it is parked). */
        void deliver(Extension extension, ExtensionEvent event);
    }

    private final SandboxedProcess runtime;
    private final List<Extension> extensions;
    private final ShutdownReason reason;
    private final Host host;
    private final Runnable done;
    private final Set<Extension> waiting = new LinkedHashSet<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private boolean runtimeGone;
    /** The telemetry buffered before SHUTDOWN has been delivered (or its deadline passed): SHUTDOWN may go. */
    private boolean flushed;
    private boolean finished;
    private long deadlineMs;

    ShutdownSequence(SandboxedProcess runtime, List<Extension> extensions, ShutdownReason reason, Host host,
            Runnable done) {
        this.runtime = runtime;
        this.extensions = List.copyOf(extensions);
        this.reason = reason;
        this.host = host;
        this.done = done;
    }

    ShutdownReason reason() {
        return reason;
    }

    boolean owns(SandboxedProcess p) {
        return p == runtime;
    }

    /** The extension with this identifier, while this sequence deals with it. */
    Extension extension(String id) {
        return extensions.stream().filter(e -> e.id.equals(id)).findFirst().orElse(null);
    }

    /** The shutdown budget for these extensions. */
    static Duration budget(List<Extension> extensions) {
        if (extensions.stream().anyMatch(e -> e.external)) {
            return EXTERNAL_BUDGET;
        }
        return extensions.isEmpty() ? Duration.ZERO : INTERNAL_BUDGET;
    }

    void start() {
        Duration budget = budget(extensions);
        deadlineMs = host.nowMs() + budget.toMillis();
        if (runtime == null || !runtime.isAlive()) {
            runtimeExited();
            return;
        }
        if (budget.isZero()) {
            runtime.kill();
        } else {
            runtime.signal(Signal.TERM);
            Duration share = extensions.stream().anyMatch(e -> !e.external) ? RUNTIME_SHARE_WITH_INTERNAL : RUNTIME_SHARE;
            timers.add(host.schedule(share, () -> {
                if (!runtimeGone) {
                    runtime.kill();
                }
            }));
            timers.add(host.schedule(share.plus(EXIT_GRACE), this::runtimeExited));
        }
        if (budget.isZero()) {
            timers.add(host.schedule(EXIT_GRACE, this::runtimeExited));
        }
    }

    /** The runtime's process exited (or is taken as gone). */
    void runtimeExited() {
        if (runtimeGone || finished) {
            return;
        }
        runtimeGone = true;
        for (Extension e : extensions) {
            if (!e.external) {
                e.machine.on(new ExtensionInput.ProcessExited());
            } else if (e.alive() && e.subscribes(ExtensionsApi.SHUTDOWN)
                    && (e.ready() || e.state() instanceof ExtensionState.Running)) {
                waiting.add(e);
            } else if (e.process != null) {
                e.process.kill();
            }
        }
        if (waiting.isEmpty()) {
            finish();
            return;
        }
        Duration left = Duration.ofMillis(Math.max(0, deadlineMs - host.nowMs()));
        timers.add(host.schedule(left, this::deadline));
        host.flushTelemetry(left).whenComplete((ok, error) -> host.schedule(Duration.ZERO, this::telemetryFlushed));
    }

    /** Everything logged before SHUTDOWN is with the subscribers: deliver SHUTDOWN to whoever is parked. */
    private void telemetryFlushed() {
        if (flushed || finished) {
            return;
        }
        flushed = true;
        for (Extension e : List.copyOf(waiting)) {
            if (e.ready() && !e.shutdownDelivered) {
                deliverShutdown(e);
            }
        }
    }

    private void deliverShutdown(Extension e) {
        e.machine.on(new ExtensionInput.EventDelivered());
        e.shutdownDelivered = true;
        host.deliver(e, ExtensionEvent.Shutdown.of(deadlineMs, reason));
    }

    /** An extension of this sequence called {@code event/next}; it is parked ({@code e.parked} set). */
    void extensionNext(Extension e) {
        if (!waiting.contains(e) || finished) {
            return; // stays parked until it is killed
        }
        if (!e.shutdownDelivered) {
            if (runtimeGone && flushed) {
                deliverShutdown(e);
            }
            return;
        }
        waiting.remove(e);
        e.process.kill();
        if (waiting.isEmpty()) {
            finish();
        }
    }

    /** An external extension's process of this sequence exited. */
    void extensionExited(Extension e, ProcessExit exit) {
        boolean clean = exit instanceof ProcessExit.Exited(int code) && code == 0;
        boolean wasWaiting = waiting.remove(e);
        e.machine.on(clean || !wasWaiting ? new ExtensionInput.ProcessExited() : new ExtensionInput.ShutdownTimedOut());
        if (wasWaiting && waiting.isEmpty() && runtimeGone) {
            finish();
        }
    }

    private void deadline() {
        for (Extension e : waiting) {
            e.machine.on(new ExtensionInput.ShutdownTimedOut());
            host.emit(e.logLine(e.state().name()));
            e.process.kill();
        }
        waiting.clear();
        finish();
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        timers.forEach(t -> t.cancel(false));
        if (runtime != null) {
            runtime.kill();
        }
        for (Extension e : extensions) {
            if (e.process != null) {
                e.process.kill();
            }
        }
        done.run();
    }
}
