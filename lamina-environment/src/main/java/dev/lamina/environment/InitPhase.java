package dev.lamina.environment;

import dev.lamina.environment.EnvironmentState.AwaitingExtensions;
import dev.lamina.environment.runtimeapi.ApiOutcome;
import dev.lamina.environment.runtimeapi.RuntimeCommand;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionsApi;
import dev.lamina.protocol.extensions.ShutdownReason;
import dev.lamina.sandbox.ExecRequest;
import dev.lamina.sandbox.SandboxSession;
import dev.lamina.sandbox.SandboxedProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The init phase (contract §4.1): opens the sandbox session at the first init, starts the external extensions and
 * then the runtime, and ends in the init report, a retry inside the invoke (suppressed init), or the invoke's failure.
 *
 * <p>Owns the state of the current init attempt: its number (a stale init timer is ignored), whether it is
 * suppressed, its start, the error the runtime posted to {@code /init/error} and the init timer. The processes,
 * registry and session it starts are the environment's ({@link LocalEnvironment}). Confined to the environment's
 * serial executor: every method is called from a task on it (never inline on an event loop: the lifecycle is not
 * {@code quick} while initializing); the timers only submit.
 */
final class InitPhase {
    private static final Logger LOG = LoggerFactory.getLogger(InitPhase.class);
    /**
     * One DEBUG line per successful init with its phases (the benchmark's cold-start split; off by default):
     * {@code sandbox=<ms> process=<ms> next=<ms>} — the sandbox session opened on this path (0 when prepared ahead of
     * demand), the runtime's start (the sandbox's {@code start} call), and from there to the runtime's first
     * {@code next} (extensions ready).
     */
    static final Logger PHASES = LoggerFactory.getLogger("lamina.init.phases");
    private static final Duration INIT_ERROR_GRACE = Duration.ofMillis(500);

    private final LocalEnvironment env;
    private final EnvironmentSpec spec;
    private final EnvironmentSandbox sandbox;
    private final Duration timeout;
    private final Ticker ticker;
    private final EnvironmentEvents events;
    private final OutputRouter output;
    private int attempts;
    private boolean suppressed;
    private long startNanos;
    private long sandboxNanos;
    private long runtimeStartNanos;
    private long runtimeStartedNanos;
    private FunctionErrors.Posted postedError;
    private ScheduledFuture<?> timer;

    InitPhase(LocalEnvironment env, EnvironmentSandbox sandbox, Duration timeout) {
        this.env = env;
        this.spec = env.spec;
        this.sandbox = sandbox;
        this.timeout = timeout;
        this.ticker = env.ticker;
        this.events = env.events;
        this.output = env.output;
    }

    /** When the current (or last) init attempt started ({@link Ticker} nanos). */
    long startNanos() {
        return startNanos;
    }

    /** The error the runtime posted to {@code /init/error} in this attempt, or null. */
    FunctionErrors.Posted postedError() {
        return postedError;
    }

    void cancelTimer() {
        LocalEnvironment.cancel(timer);
    }

    /** Init step 2: start every external extension (in parallel: none is waited for); the runtime follows. */
    void start(boolean suppressed) {
        if (env.closed.get()) {
            env.invokes.failClosing(env.run);
            return;
        }
        this.suppressed = suppressed;
        startNanos = ticker.nanos();
        postedError = null;
        env.peak.clear();
        int attempt = ++attempts;
        env.lifecycle.on(new EnvironmentInput.Init());
        events.initStart(suppressed);
        ExtensionRegistry registry = env.registry = new ExtensionRegistry();
        if (!suppressed) {
            timer = env.schedule(timeout, () -> onTimeout(attempt));
        }
        if (!openSession()) {
            return;
        }
        sandboxNanos = ticker.nanos();
        List<Path> found = HostPaths.externalExtensions(spec);
        if (found.size() > ExtensionsApi.MAX_EXTENSIONS) {
            failed(InitFailure.extension(ErrorType.EXTENSION_LAUNCH_ERROR,
                    "TooManyExtensions: " + ExtensionsApi.TOO_MANY_MESSAGE + " (" + found.size() + " in "
                            + HostPaths.extensionsDir(spec) + ")"));
            return;
        }
        EnvironmentSpec visible = env.visible;
        var variables = RuntimeEnvironmentVariables.forExtension(visible, env.runtimeApi(), env.logStream());
        for (Path path : found) {
            Extension e = Extension.external(path.getFileName().toString());
            registry.launched(e);
            SandboxedProcess p;
            try {
                p = env.session.start(new ExecRequest(e.name,
                        List.of(HostPaths.extensionsDir(visible).resolve(e.name).toString()),
                        HostPaths.extensionWorkingDir(visible), variables));
            } catch (IOException ex) {
                e.machine.on(new ExtensionInput.LaunchFailed());
                output.emit(e.logLine(e.state().name()));
                failed(InitFailure.extension(ErrorType.EXTENSION_LAUNCH_ERROR, ex.getMessage()));
                return;
            }
            e.process = p;
            e.pumps = output.pumps(p, e.name);
            p.exit().thenAccept(exit -> env.submit(() -> env.extensions.onExit(e, exit)));
        }
        if (registry.allExternalRegistered()) {
            startRuntime();
        }
    }

    /** Init step 3: every external extension has registered; start the runtime. */
    void startRuntime() {
        env.lifecycle.on(new EnvironmentInput.ExtensionsRegistered());
        EnvironmentSpec visible = env.visible;
        Optional<Path> bootstrap = BootstrapLocator.find(spec).flatMap(env.session::toVisible);
        if (bootstrap.isEmpty()) {
            failed(InitFailure.entrypoint(
                    "Couldn't find valid bootstrap(s): " + BootstrapLocator.candidates(visible)));
            return;
        }
        List<String> command = RuntimeLaunch.command(spec, visible, bootstrap.get());
        Map<String, String> variables = RuntimeEnvironmentVariables.of(visible, env.runtimeApi(), env.logStream());
        LogFifo logFd = RuntimeLaunch.managed(visible, bootstrap.get())
                ? RuntimeLaunch.logFifo(env.session, env.id()) : null;
        if (logFd != null) {
            command = logFd.wrap(command);
            variables = new HashMap<>(variables);
            variables.put(LogFifo.VARIABLE, Integer.toString(LogFifo.FD));
        }
        SandboxedProcess p;
        try {
            runtimeStartNanos = ticker.nanos();
            p = env.session.start(new ExecRequest("runtime", command, visible.taskRoot(), variables));
            runtimeStartedNanos = ticker.nanos();
        } catch (IOException e) {
            if (logFd != null) {
                logFd.abandon();
            }
            failed(InitFailure.entrypoint(e.getMessage()));
            return;
        }
        env.machine.on(new RuntimeEvent.Start());
        env.process = p;
        env.pumps = output.pumps(p, null);
        if (logFd != null) {
            env.pumps = new ArrayList<>(env.pumps);
            env.pumps.add(output.logFdPump(logFd, p));
        }
        p.exit().thenAccept(exit -> env.submit(() -> env.runtime.onExit(p, exit)));
    }

    /**
     * Opens the environment's sandbox session at its first init; false (init failed) when it cannot be opened.
     * The session's paths replace the host paths in everything a process sees (plain sessions: the same paths).
     */
    private boolean openSession() {
        if (env.session != null) {
            return true;
        }
        try {
            useSession(sandbox.open(env.id(), spec, env.network));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("environment {}: cannot open a sandbox session", env.id(), e);
            failed(InitFailure.extension(ErrorType.SANDBOX_FAILURE, "cannot open the sandbox: " + e.getMessage()));
            return false;
        }
    }

    /** Makes {@code s} the environment's session (at the first init, or prepared ahead of demand, D60). */
    void useSession(SandboxSession s) {
        env.session = s;
        var paths = s.paths();
        env.visible = spec.at(paths.taskRoot(), spec.optRoot() == null ? null : paths.optRoot(), paths.runtimeDir());
        LOG.debug("environment {}: session {} ({})", env.id(), s.id(), s.description());
    }

    private void onTimeout(int attempt) {
        if (attempt == attempts && env.lifecycle.state().initializing()) {
            failed(InitFailure.timedOut());
        }
    }

    /** {@code POST /runtime/init/error}. */
    void onInitError(RuntimeCommand.InitError command, Consumer<ApiOutcome> reply) {
        if (env.machine.on(new RuntimeEvent.InitErrorPosted()) instanceof StateOutcome.Rejected rejected) {
            reply.accept(new ApiOutcome.Rejected(rejected.errorType(), rejected.message()));
            return;
        }
        postedError = FunctionErrors.posted(command.errorType(), command.body());
        reply.accept(ApiOutcome.ACCEPTED);
        SandboxedProcess p = env.process;
        env.schedule(INIT_ERROR_GRACE, () -> {
            if (p == env.process && p != null) {
                p.kill(); // the runtime should exit by itself after /init/error; the exit drives the failure
            }
        });
    }

    /** Init step 5 done? Every extension parked in {@code event/next} after the runtime's first {@code next}. */
    void checkComplete() {
        ExtensionRegistry registry = env.registry;
        if (!(env.lifecycle.state() instanceof AwaitingExtensions) || !registry.allReady()) {
            return;
        }
        env.lifecycle.on(new EnvironmentInput.ExtensionsReady());
        cancelTimer();
        registry.all().forEach(e -> output.emit(e.logLine(e.state().name())));
        events.initDone(suppressed, startNanos, registry.all());
        if (PHASES.isDebugEnabled()) {
            long now = ticker.nanos();
            PHASES.debug(String.format(Locale.ROOT, "environment %s sandbox=%.3f process=%.3f next=%.3f",
                    env.id(), (sandboxNanos - startNanos) / 1e6, (runtimeStartedNanos - runtimeStartNanos) / 1e6,
                    (now - runtimeStartedNanos) / 1e6));
        }
        InvokeRun r = env.run;
        if (r == null) {
            env.freezer.freezeWhenIdle();
            return;
        }
        if (!suppressed) {
            r.initDurationMs = (ticker.nanos() - startNanos) / 1e6;
            env.invokes.writeStart(r);
        }
        env.invokes.release(r);
    }

    /** An init attempt failed: reset, report it, then retry once inside the invoke, or fail the invoke. */
    void failed(InitFailure failure) {
        double initMs = (ticker.nanos() - startNanos) / 1e6;
        events.initFailed(suppressed, startNanos, failure);
        InvokeRun r = env.run;
        env.reset(failure.timeout() ? ShutdownReason.TIMEOUT : ShutdownReason.FAILURE, () -> {
            if (env.run != r || r == null || r.resultDone) {
                return;
            }
            if (!suppressed) {
                output.emit(PlatformLines.initReport(initMs, "init", failure.status()));
                env.invokes.writeStart(r);
                start(true);
            } else {
                output.emit(PlatformLines.initReport(initMs, "invoke", failure.status()));
                env.invokes.answered(r);
                r.complete(failure.callerBody(r.requestId()), InvokeRun.JSON, failure.errorType());
                env.invokes.finish(r, PlatformLines.errorStatus(failure.errorType()));
            }
        });
    }
}
