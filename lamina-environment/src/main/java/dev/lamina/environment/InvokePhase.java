package dev.lamina.environment;

import dev.lamina.environment.EnvironmentState.Settling;
import dev.lamina.environment.runtimeapi.ApiOutcome;
import dev.lamina.environment.runtimeapi.NextEvent;
import dev.lamina.environment.telemetry.PlatformEvent;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionEvent;
import dev.lamina.protocol.extensions.ExtensionsApi;
import dev.lamina.protocol.extensions.ShutdownReason;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invoke phase (contract §4.2) of the environment's current {@link InvokeRun}: its clock, {@code START}, the
 * release of the event to the runtime and the INVOKE subscribers, settling once everyone is parked again, the
 * function timeout, a process failure mid-invoke, and {@code END}/{@code REPORT}.
 *
 * <p>Holds no state of its own: the current invoke is {@link LocalEnvironment#run}, and each {@link InvokeRun} holds
 * its progress. Confined to the environment's serial executor: every method is called from a task on it (on the
 * warm path, often inline on the event loop that read the request, D41); the timers (function timeout, the 1 ms
 * drain re-checks) only submit. It is called directly, adding no hop.
 */
final class InvokePhase {
    private static final Logger LOG = LoggerFactory.getLogger(InvokePhase.class);
    private static final int DRAIN_CHECKS = 100;

    private final LocalEnvironment env;
    private final EnvironmentSpec spec;
    private final InstantSource clock;
    private final Ticker ticker;
    private final EnvironmentEvents events;
    private final OutputRouter output;

    InvokePhase(LocalEnvironment env) {
        this.env = env;
        this.spec = env.spec;
        this.clock = env.clock;
        this.ticker = env.ticker;
        this.events = env.events;
        this.output = env.output;
    }

    void writeStart(InvokeRun r) {
        startClock(r);
        announceStart(r);
    }

    /** The invoke's clock starts: its Duration and deadline ({@code Lambda-Runtime-Deadline-Ms}) count from here. */
    void startClock(InvokeRun r) {
        r.started = true;
        r.startNanos = ticker.nanos();
        r.deadlineMs = clock.millis() + spec.timeout().toMillis();
    }

    /**
     * START, {@code platform.start} and the timeout timer. A warm invoke does this right after handing the event over
     * (a log write is not worth delaying the runtime for): still in the same task, so before any line, answer or
     * timer of this invoke is handled.
     */
    void announceStart(InvokeRun r) {
        output.emit(PlatformLines.start(r.requestId(), spec.functionVersion()));
        events.start(r);
        r.timer = env.schedule(spec.timeout(), () -> onTimeout(r));
    }

    /** Releases the event to the runtime and every INVOKE subscriber together (thawed first). */
    void release(InvokeRun r) {
        env.freezer.thaw();
        env.lifecycle.on(new EnvironmentInput.Release(r.requestId()));
        if (env.machine.on(new RuntimeEvent.Dispatch(r.requestId())) instanceof StateOutcome.Rejected) {
            LOG.error("environment {}: cannot dispatch in state {}", env.id(), env.machine.state());
            return;
        }
        r.dispatched = true;
        Consumer<ApiOutcome> reply = env.runtime.takeParked();
        Invocation inv = r.invocation;
        ExtensionEvent event = ExtensionEvent.Invoke.of(r.deadlineMs, inv.requestId(), inv.invokedFunctionArn(),
                inv.traceId());
        for (Extension e : env.registry.all()) {
            if (e.subscribes(ExtensionsApi.INVOKE)) {
                e.machine.on(new ExtensionInput.EventDelivered());
                env.extensions.deliver(e, event);
            }
        }
        reply.accept(new ApiOutcome.Event(new NextEvent(inv.requestId(), r.deadlineMs, inv.invokedFunctionArn(),
                inv.traceId(), inv.clientContext(), inv.cognitoIdentity(), inv.tenantId(), inv.contentType(),
                inv.payload())));
    }

    void answered(InvokeRun r) {
        r.answeredNanos = ticker.nanos();
        // no memory sample here: it would delay the caller's answer, and the peak is read at REPORT (and before a kill)
    }

    /** The invoke is over once the runtime and every extension are parked again: then END/REPORT. */
    void checkSettled() {
        InvokeRun r = env.run;
        if (r == null || r.ending || r.settled || !(env.lifecycle.state() instanceof Settling)
                || !(env.machine.state() instanceof RuntimeState.Ready) || !env.registry.allReady()) {
            return;
        }
        r.settled = true;
        if (env.registry.all().stream().anyMatch(e -> e.subscribes(ExtensionsApi.INVOKE))) {
            r.endNanos = ticker.nanos(); // the extensions' post-invoke work counts in Duration, as on Lambda
        }
        finishWhenDrained(r, null, 0);
    }

    private void onTimeout(InvokeRun r) {
        if (env.run != r || r.finished || r.ending) {
            return;
        }
        r.ending = true;
        if (!r.dispatched) {
            output.emit(PlatformLines.initReport((ticker.nanos() - env.init.startNanos()) / 1e6, "invoke",
                    PlatformLines.timeoutStatus()));
        }
        double seconds = spec.timeout().toMillis() / 1000.0;
        output.emit(PlatformLines.timedOut(clock.instant(), r.requestId(), seconds));
        if (!r.resultDone) {
            answered(r);
            r.complete(FunctionErrors.platformBody(ErrorType.SANDBOX_TIMEDOUT, r.requestId(),
                    PlatformLines.timedOutMessage(seconds)), InvokeRun.JSON, ErrorType.SANDBOX_TIMEDOUT.wire());
        }
        r.endNanos = ticker.nanos();
        events.runtimeDone(r, PlatformEvent.Status.TIMEOUT, null);
        env.peak.sample(env.session, env.process);
        events.report(r, PlatformLines.timeoutStatus(), env.peak.mb()); // before SHUTDOWN, as on Lambda
        env.reset(ShutdownReason.TIMEOUT, () -> finish(r, PlatformLines.timeoutStatus()));
    }

    /** A process failed mid-invoke: the caller gets the error (unless answered already), then reset, then REPORT. */
    void failed(ErrorType type, String message) {
        InvokeRun r = env.run;
        if (r == null || r.finished || r.ending) {
            env.reset(ShutdownReason.FAILURE, null);
            return;
        }
        r.ending = true;
        if (!r.resultDone) {
            events.fault(r);
            answered(r);
            r.complete(FunctionErrors.platformBody(type, r.requestId(), message), InvokeRun.JSON, type.wire());
        }
        r.endNanos = ticker.nanos();
        events.runtimeDone(r, type.wire().startsWith("Sandbox.") ? PlatformEvent.Status.FAILURE
                : PlatformEvent.Status.ERROR, type.wire());
        env.peak.sample(env.session, env.process);
        events.report(r, PlatformLines.errorStatus(type.wire()), env.peak.mb());
        env.reset(ShutdownReason.FAILURE, () -> finish(r, PlatformLines.errorStatus(type.wire())));
    }

    /**
     * Everyone is parked after the invoke: write END once the output printed before is in the log. Almost always
     * the pipe readers are already idle and END follows at once (as a new task, so line tasks queued before it run
     * first); otherwise re-check every millisecond, at most {@value #DRAIN_CHECKS} times. No sleep: the re-checks
     * are timers on the event loops. See {@link OutputPump} for what "drained" can and cannot see.
     */
    private void finishWhenDrained(InvokeRun r, String status, int attempt) {
        if (attempt >= DRAIN_CHECKS || env.allPumps().stream().allMatch(OutputPump::drained)) {
            // every line a pump read was submitted before it went back to waiting (read after the volatile flag);
            // when the executor has run them all, END can be written right here, without another task
            if (output.allHandled()) {
                if (!r.ending) {
                    finish(r, status);
                }
                return;
            }
            env.submit(() -> {
                if (!r.ending) {
                    finish(r, status);
                }
            });
        } else {
            env.schedule(Duration.ofMillis(1), () -> finishWhenDrained(r, status, attempt + 1));
        }
    }

    /** END and REPORT; the environment is free for the next invoke (and freezes if none comes, D40). */
    void finish(InvokeRun r, String status) {
        if (env.run != r || r.finished) {
            return;
        }
        LocalEnvironment.cancel(r.timer);
        env.peak.sample(env.session, env.process);
        output.emit(PlatformLines.end(r.requestId()));
        PlatformEvent.Report report = events.report(r, status, env.peak.mb());
        output.emit(PlatformLines.report(report, r.reportStatusLine));
        r.finished = true;
        env.run = null;
        if (env.lifecycle.state() instanceof Settling) {
            env.lifecycle.on(new EnvironmentInput.AllParked());
        }
        env.freezer.freezeWhenIdle();
        env.busy.set(false);
        r.log.complete(String.join("\n", r.lines) + "\n");
    }

    /** Fails a pending invoke's result because the environment is closing; returns its REPORT status. */
    String failClosingResult(InvokeRun r) {
        r.ending = true;
        if (r.resultDone) {
            return null;
        }
        answered(r);
        r.complete(FunctionErrors.platformBody(ErrorType.SANDBOX_FAILURE, r.requestId(),
                "execution environment was shut down"), InvokeRun.JSON, ErrorType.SANDBOX_FAILURE.wire());
        return PlatformLines.errorStatus(ErrorType.SANDBOX_FAILURE.wire());
    }

    void failClosing(InvokeRun r) {
        if (r != null && !r.finished) {
            finish(r, failClosingResult(r));
        }
    }
}
