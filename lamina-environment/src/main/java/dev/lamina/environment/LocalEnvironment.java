package dev.lamina.environment;

import dev.lamina.environment.EnvironmentState.AwaitingExtensions;
import dev.lamina.environment.EnvironmentState.Idle;
import dev.lamina.environment.EnvironmentState.Invoking;
import dev.lamina.environment.EnvironmentState.LaunchingExtensions;
import dev.lamina.environment.EnvironmentState.Settling;
import dev.lamina.environment.runtimeapi.ApiOutcome;
import dev.lamina.environment.runtimeapi.ExtensionCommand;
import dev.lamina.environment.runtimeapi.ExtensionsApiCore;
import dev.lamina.environment.runtimeapi.NextEvent;
import dev.lamina.environment.runtimeapi.RuntimeApiCore;
import dev.lamina.environment.runtimeapi.RuntimeApiServer;
import dev.lamina.environment.runtimeapi.RuntimeCommand;
import dev.lamina.environment.runtimeapi.TelemetryApiCore;
import dev.lamina.environment.telemetry.PlatformEvent;
import dev.lamina.environment.telemetry.PlatformEventListener;
import dev.lamina.environment.telemetry.SubscribeOutcome;
import dev.lamina.environment.telemetry.SubscriptionApi;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionEvent;
import dev.lamina.protocol.extensions.ExtensionsApi;
import dev.lamina.protocol.extensions.RegisterResponse;
import dev.lamina.protocol.extensions.ShutdownReason;
import dev.lamina.protocol.runtime.RuntimeApi;
import dev.lamina.sandbox.ExecRequest;
import dev.lamina.sandbox.ProcessExit;
import dev.lamina.sandbox.SandboxNetwork;
import dev.lamina.sandbox.SandboxSession;
import dev.lamina.sandbox.SandboxedProcess;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment (contract §4): its runtime and extensions run in one sandbox session, opened at the
 * first init (or handed over ready by the factory, D60) and kept for the environment's life ({@code /tmp} survives resets, as on Lambda), closed last.
 *
 * <p><b>Threads.</b> All mutable state below the "confined" marker is owned by one serial executor
 * ({@link SerialExecutor} {@code serial}); every input — an invoke, a Runtime API command, a process exit, a timer,
 * an output line — is a task submitted to it, and tasks run one at a time in submission order. A task runs on the thread
 * that submitted it when no other task runs (D41): the Netty event loop that read a Runtime API request handles it
 * there and writes the reply without a thread hop, while the lifecycle is idle, invoking or settling ({@code quick});
 * while it starts or stops processes, tasks submitted from platform threads go to a virtual thread. No lock exists,
 * so none is held during I/O. Timers run on the shared event loops and only submit. The executor's thread does the
 * quick process operations (fork via the sandbox, signals) itself, and never waits for a process. Futures handed to
 * callers are completed on the executor's thread (possibly an event loop): callers must not block in their callbacks
 * (use the {@code *Async} variants). {@link #close()} is the one blocking method and must not be called from such a
 * callback.
 */
final class LocalEnvironment implements ExecutionEnvironment, RuntimeApiCore, ExtensionsApiCore, TelemetryApiCore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEnvironment.class);
    private static final Duration INIT_ERROR_GRACE = Duration.ofMillis(500);
    private static final int DRAIN_CHECKS = 100;
    private static final String JSON = "application/json";

    private final String id;
    private final String logStream;
    private final EnvironmentSpec spec;
    private final EnvironmentSandbox sandbox;
    private final InstantSource clock;
    private final Ticker ticker;
    private final MemoryPeak peak;
    private final Duration initTimeout;
    /** The shared event loops: they serve the Runtime API and fire timers (which only submit tasks). */
    private final EventLoopGroup timers;
    private final SerialExecutor serial;
    private final IdleFreezer freezer;
    /** Output and log routing; its emitters are confined to the serial executor. */
    final OutputRouter output;
    /** The Logs/Telemetry API of this environment; its emitter is confined to the serial executor. */
    private final EnvironmentEvents events;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile RuntimeApiServer server;
    /** The environment's network (its own namespace, or the host's); closed after the session. */
    private final SandboxNetwork network;
    /**
     * Whether the lifecycle is where tasks are quick (idle, invoking, settling: no session, fork or join), so a Netty
     * event loop may run them inline (D41); written after every task.
     */
    private volatile boolean quick;

    // ---- confined to the serial executor ----
    private final RuntimeStateMachine machine;
    final EnvironmentLifecycle lifecycle;
    private int attempts;
    private SandboxedProcess process;
    private ExtensionRegistry registry;
    private ShutdownSequence sequence;
    private List<Runnable> afterStop = new ArrayList<>();
    private List<OutputPump> pumps = List.of();
    private Consumer<ApiOutcome> parked;
    InvokeRun run;
    private boolean suppressedInit;
    private long initStartNanos;
    private FunctionErrors.Posted postedInitError;
    private ScheduledFuture<?> initTimer;
    /**
     * The sandbox session (null until the first init, unless one was prepared ahead of demand, D60); read by
     * {@link #close()} once the serial thread is done.
     */
    volatile SandboxSession session;
    /** The spec at the paths the session's processes see ({@code /var/task}, {@code /opt}…). */
    private EnvironmentSpec visible;

    LocalEnvironment(String id, String logStream, EnvironmentSpec spec, LocalEnvironmentFactory.Settings settings,
            Consumer<StateOutcome.Transition> transitions, SandboxNetwork network, SandboxSession prepared) {
        this.id = id;
        this.network = network;
        this.logStream = logStream;
        this.spec = spec;
        this.sandbox = settings.sandbox();
        this.clock = settings.clock();
        this.ticker = settings.ticker();
        this.peak = new MemoryPeak(settings.memoryProbe());
        this.initTimeout = settings.initTimeout();
        this.timers = settings.group();
        this.machine = new RuntimeStateMachine(transitions);
        this.lifecycle = new EnvironmentLifecycle(settings.lifecycle());
        this.events = new EnvironmentEvents(EnvironmentEvents.hub(clock, spec, network::openSocket),
                PlatformEventListener.NONE, spec, clock, ticker);
        this.freezer = new IdleFreezer(this, settings.freezer(), ticker, events);
        this.output = new OutputRouter(this, spec, settings.logSink(), clock, events);
        this.serial = new SerialExecutor("lamina-env-" + id, () -> quick);
        if (prepared != null) { // opened ahead of demand in this environment's network (D60)
            useSession(prepared);
        }
    }

    /**
     * Binds the Runtime API port in the environment's network (Lambda's 9001 in its own); blocks until bound. With
     * {@code prepared} (bound ahead of demand in this network, D61) it serves that socket, owning it, and does not
     * wait for the event loop.
     */
    LocalEnvironment bind(ServerSocketChannel prepared) throws InterruptedException {
        if (prepared != null) {
            server = RuntimeApiServer.serve(timers, prepared, this, this, this);
            return this;
        }
        server = RuntimeApiServer.bind(timers, network,
                network.isolated() ? EnvironmentSandbox.RUNTIME_API_PORT : 0, this, this, this);
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    String logStream() {
        return logStream;
    }

    /** {@code 127.0.0.1:9001} in a network of its own, else {@code 127.0.0.1:<port>}. */
    String runtimeApi() {
        return server.hostPort();
    }

    @Override
    public boolean busy() {
        return busy.get();
    }

    // ---------------------------------------------------------------- inputs (any thread)

    @Override
    public CompletableFuture<InvokeResult> invoke(Invocation invocation) {
        if (closed.get()) {
            throw new IllegalStateException("environment " + id + " is closed");
        }
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("environment " + id + " is busy with another invoke");
        }
        InvokeRun r = new InvokeRun(invocation);
        submit(() -> begin(r));
        return r.result;
    }

    @Override
    public void handle(RuntimeCommand command, Consumer<ApiOutcome> reply) {
        submit(() -> {
            switch (command) {
                case RuntimeCommand.Next n -> onNext(reply);
                case RuntimeCommand.InitError e -> onInitError(e, reply);
                default -> onAnswer(command, reply);
            }
        });
    }

    @Override
    public void handle(ExtensionCommand command, Consumer<ApiOutcome> reply) {
        submit(() -> {
            switch (command) {
                case ExtensionCommand.Register c -> onRegister(c, reply);
                case ExtensionCommand.Next c -> onExtensionNext(c.identifier(), reply);
                case ExtensionCommand.InitError c -> onExtensionError(c.identifier(), c.errorType(), false, reply);
                case ExtensionCommand.ExitError c -> onExtensionError(c.identifier(), c.errorType(), true, reply);
            }
        });
    }

    @Override
    public void subscribe(SubscriptionApi api, String identifier, byte[] body, Consumer<SubscribeOutcome> reply) {
        submit(() -> {
            Extension e = registry == null ? null : registry.byId(identifier);
            if (e == null) {
                reply.accept(new SubscribeOutcome.Rejected(ErrorType.EXTENSION_UNKNOWN_IDENTIFIER,
                        "Unknown extension " + identifier));
                return;
            }
            reply.accept(events.hub().subscribe(api, e.name, body));
        });
    }

    void submit(Runnable task) {
        try {
            serial.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("environment {}: bug in lifecycle task", id, e);
                }
                EnvironmentState state = lifecycle.state();
                quick = sequence == null && !freezer.frozen() // a thaw waits for the cgroup: not on an event loop
                        && (state instanceof Idle || state instanceof Invoking || state instanceof Settling);
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("environment {} is closed; dropped a task", id);
        }
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return timers.schedule(() -> submit(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Like {@link #schedule}, for a task that may block (a freeze waits for the cgroup): never on an event loop. */
    ScheduledFuture<?> scheduleOffLoop(Duration delay, Runnable task) {
        return timers.schedule(() -> offLoop(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Submits from a new virtual thread, so the task runs there (or after the running ones), never inline here. */
    void offLoop(Runnable task) {
        Thread.ofVirtual().name("lamina-env-" + id).start(() -> submit(task));
    }

    // ---------------------------------------------------------------- init (contract §4.1)

    private void begin(InvokeRun r) {
        if (sequence != null && !closed.get()) {
            // the previous invoke ended in a reset (a crash, an extension's exit error) that is still stopping the
            // processes: this invoke starts once it has, with a fresh init, rather than failing (the pool may hand
            // the environment out as soon as that invoke's result is in)
            afterStop.add(() -> begin(r));
            return;
        }
        run = r;
        switch (lifecycle.state()) {
            case Idle idle -> { // warm: the event goes out first; START and timer right after (D44)
                startClock(r);
                release(r);
                announceStart(r);
            }
            case EnvironmentState.Stopped stopped -> {
                peak.reset(session);
                startInit(false);
            }
            default -> {
                LOG.error("environment {}: invoke began in state {}", id, lifecycle.state());
                r.complete(FunctionErrors.platformBody(ErrorType.RUNTIME_UNKNOWN, r.requestId(),
                        "environment in state " + lifecycle.state().name()), JSON, ErrorType.RUNTIME_UNKNOWN.wire());
                finish(r, PlatformLines.errorStatus(ErrorType.RUNTIME_UNKNOWN.wire()));
            }
        }
    }

    /** Init step 2: start every external extension (in parallel: none is waited for); the runtime follows. */
    private void startInit(boolean suppressed) {
        if (closed.get()) {
            failClosing(run);
            return;
        }
        suppressedInit = suppressed;
        initStartNanos = ticker.nanos();
        postedInitError = null;
        peak.clear();
        int attempt = ++attempts;
        lifecycle.on(new EnvironmentInput.Init());
        events.initStart(suppressed);
        registry = new ExtensionRegistry();
        if (!suppressed) {
            initTimer = schedule(initTimeout, () -> onInitTimeout(attempt));
        }
        if (!openSession()) {
            return;
        }
        List<Path> found = HostPaths.externalExtensions(spec);
        if (found.size() > ExtensionsApi.MAX_EXTENSIONS) {
            initFailed(InitFailure.extension(ErrorType.EXTENSION_LAUNCH_ERROR,
                    "TooManyExtensions: " + ExtensionsApi.TOO_MANY_MESSAGE + " (" + found.size() + " in "
                            + HostPaths.extensionsDir(spec) + ")"));
            return;
        }
        var env = RuntimeEnvironmentVariables.forExtension(visible, runtimeApi(), logStream);
        for (Path path : found) {
            Extension e = Extension.external(path.getFileName().toString());
            registry.launched(e);
            SandboxedProcess p;
            try {
                p = session.start(new ExecRequest(e.name,
                        List.of(HostPaths.extensionsDir(visible).resolve(e.name).toString()),
                        HostPaths.extensionWorkingDir(visible), env));
            } catch (IOException ex) {
                e.machine.on(new ExtensionInput.LaunchFailed());
                output.emit(e.logLine(e.state().name()));
                initFailed(InitFailure.extension(ErrorType.EXTENSION_LAUNCH_ERROR, ex.getMessage()));
                return;
            }
            e.process = p;
            e.pumps = output.pumps(p, e.name);
            p.exit().thenAccept(exit -> submit(() -> onExtensionExit(e, exit)));
        }
        if (registry.allExternalRegistered()) {
            startRuntime();
        }
    }

    /** Init step 3: every external extension has registered; start the runtime. */
    private void startRuntime() {
        lifecycle.on(new EnvironmentInput.ExtensionsRegistered());
        Optional<Path> bootstrap = BootstrapLocator.find(spec).flatMap(session::toVisible);
        if (bootstrap.isEmpty()) {
            initFailed(InitFailure.entrypoint(
                    "Couldn't find valid bootstrap(s): " + BootstrapLocator.candidates(visible)));
            return;
        }
        List<String> command = runtimeCommand(bootstrap.get());
        Map<String, String> env = RuntimeEnvironmentVariables.of(visible, runtimeApi(), logStream);
        LogFifo logFd = managed(bootstrap.get()) ? logFifo() : null;
        if (logFd != null) {
            command = logFd.wrap(command);
            env = new HashMap<>(env);
            env.put(LogFifo.VARIABLE, Integer.toString(LogFifo.FD));
        }
        SandboxedProcess p;
        try {
            p = session.start(new ExecRequest("runtime", command, visible.taskRoot(), env));
        } catch (IOException e) {
            if (logFd != null) {
                logFd.abandon();
            }
            initFailed(InitFailure.entrypoint(e.getMessage()));
            return;
        }
        machine.on(new RuntimeEvent.Start());
        process = p;
        pumps = output.pumps(p, null);
        if (logFd != null) {
            pumps = new ArrayList<>(pumps);
            pumps.add(output.logFdPump(logFd, p));
        }
        p.exit().thenAccept(exit -> submit(() -> onRuntimeExit(p, exit)));
    }

    /** A managed runtime's bootstrap (the Java runtimes); OS-only runtimes run the function's own. */
    private boolean managed(Path bootstrap) {
        return visible.runtimeDir() != null && bootstrap.startsWith(visible.runtimeDir());
    }

    /** The managed runtime's log fd (docs/telemetry.md); null (stdout only) when the pipe cannot be made. */
    private LogFifo logFifo() {
        Path tmp = session.paths().tmp();
        try {
            Path hostTmp = session.toHost(tmp).orElseThrow(() -> new IOException("no host path of " + tmp));
            return LogFifo.create(tmp, hostTmp);
        } catch (IOException | RuntimeException e) {
            LOG.warn("environment {}: no {} for the runtime, its logs go to stdout: {}", id, LogFifo.VARIABLE,
                    e.toString());
            return null;
        }
    }

    /**
     * {@code AWS_LAMBDA_EXEC_WRAPPER} (DG runtimes-modify): a managed runtime is started through the wrapper, which
     * gets the runtime's command as its arguments. OS-only runtimes ({@code provided*}, no runtime directory) ignore
     * it, as on Lambda.
     */
    private List<String> runtimeCommand(Path bootstrap) {
        String wrapper = spec.functionEnv().get("AWS_LAMBDA_EXEC_WRAPPER");
        if (wrapper == null || wrapper.isBlank() || visible.runtimeDir() == null
                || !bootstrap.startsWith(visible.runtimeDir())) {
            return List.of(bootstrap.toString());
        }
        return List.of(HostPaths.toHost(visible, wrapper.trim()), bootstrap.toString());
    }

    /**
     * Opens the environment's sandbox session at its first init; false (init failed) when it cannot be opened.
     * The session's paths replace the host paths in everything a process sees (plain sessions: the same paths).
     */
    private boolean openSession() {
        if (session != null) {
            return true;
        }
        try {
            useSession(sandbox.open(id, spec, network));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("environment {}: cannot open a sandbox session", id, e);
            initFailed(InitFailure.extension(ErrorType.SANDBOX_FAILURE, "cannot open the sandbox: " + e.getMessage()));
            return false;
        }
    }

    private void useSession(SandboxSession s) {
        session = s;
        var paths = s.paths();
        visible = spec.at(paths.taskRoot(), spec.optRoot() == null ? null : paths.optRoot(), paths.runtimeDir());
        LOG.debug("environment {}: session {} ({})", id, s.id(), s.description());
    }


    private void onInitTimeout(int attempt) {
        if (attempt == attempts && lifecycle.state().initializing()) {
            initFailed(InitFailure.timedOut());
        }
    }

    private void onInitError(RuntimeCommand.InitError command, Consumer<ApiOutcome> reply) {
        if (machine.on(new RuntimeEvent.InitErrorPosted()) instanceof StateOutcome.Rejected rejected) {
            reply.accept(new ApiOutcome.Rejected(rejected.errorType(), rejected.message()));
            return;
        }
        postedInitError = FunctionErrors.posted(command.errorType(), command.body());
        reply.accept(ApiOutcome.ACCEPTED);
        SandboxedProcess p = process;
        schedule(INIT_ERROR_GRACE, () -> {
            if (p == process && p != null) {
                p.kill(); // the runtime should exit by itself after /init/error; the exit drives the failure
            }
        });
    }

    /** Init step 5 done? Every extension parked in {@code event/next} after the runtime's first {@code next}. */
    private void checkInitComplete() {
        if (!(lifecycle.state() instanceof AwaitingExtensions) || !registry.allReady()) {
            return;
        }
        lifecycle.on(new EnvironmentInput.ExtensionsReady());
        cancel(initTimer);
        registry.all().forEach(e -> output.emit(e.logLine(e.state().name())));
        events.initDone(suppressedInit, initStartNanos, registry.all());
        InvokeRun r = run;
        if (r == null) {
            freezer.freezeWhenIdle();
            return;
        }
        if (!suppressedInit) {
            r.initDurationMs = (ticker.nanos() - initStartNanos) / 1e6;
            writeStart(r);
        }
        release(r);
    }

    /** An init attempt failed: reset, report it, then retry once inside the invoke, or fail the invoke. */
    private void initFailed(InitFailure failure) {
        double initMs = (ticker.nanos() - initStartNanos) / 1e6;
        events.initFailed(suppressedInit, initStartNanos, failure);
        InvokeRun r = run;
        reset(failure.timeout() ? ShutdownReason.TIMEOUT : ShutdownReason.FAILURE, () -> {
            if (run != r || r == null || r.resultDone) {
                return;
            }
            if (!suppressedInit) {
                output.emit(PlatformLines.initReport(initMs, "init", failure.status()));
                writeStart(r);
                startInit(true);
            } else {
                output.emit(PlatformLines.initReport(initMs, "invoke", failure.status()));
                answered(r);
                r.complete(failure.callerBody(r.requestId()), JSON, failure.errorType());
                finish(r, PlatformLines.errorStatus(failure.errorType()));
            }
        });
    }

    // ---------------------------------------------------------------- Extensions API (contract §2)

    private Extension lookup(String identifier) {
        Extension e = registry == null ? null : registry.byId(identifier);
        if (e == null && sequence != null) {
            e = sequence.extension(identifier);
        }
        return e;
    }

    private void onRegister(ExtensionCommand.Register command, Consumer<ApiOutcome> reply) {
        if (registry == null || !lifecycle.state().initializing()) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_REGISTRATION_CLOSED,
                    "Extension registration closed already"));
            return;
        }
        switch (registry.register(command)) {
            case ExtensionRegistry.Registration.Refused r ->
                    reply.accept(new ApiOutcome.Rejected(r.errorType(), r.message()));
            case ExtensionRegistry.Registration.Accepted a -> {
                RegisterResponse body = new RegisterResponse(spec.functionName(), spec.functionVersion(),
                        spec.handler(), command.accountId() ? spec.accountId() : null);
                reply.accept(new ApiOutcome.Registered(a.extension().id, FunctionErrors.json(body)));
                if (lifecycle.state() instanceof LaunchingExtensions && registry.allExternalRegistered()) {
                    startRuntime();
                }
            }
        }
    }

    private void onExtensionNext(String identifier, Consumer<ApiOutcome> reply) {
        Extension e = lookup(identifier);
        if (e == null) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_UNKNOWN_IDENTIFIER,
                    "Unknown extension " + identifier));
            return;
        }
        if (e.machine.on(new ExtensionInput.NextCalled()) instanceof ExtensionStateMachine.Outcome.Rejected r) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_INVALID_STATE, r.message(e.name)));
            return;
        }
        e.parked = reply;
        if (sequence != null && sequence.extension(identifier) == e) {
            sequence.extensionNext(e);
        } else if (lifecycle.state() instanceof AwaitingExtensions) {
            checkInitComplete();
        } else if (lifecycle.state() instanceof Settling) {
            checkSettled();
        }
    }

    private void onExtensionError(String identifier, String errorType, boolean exit, Consumer<ApiOutcome> reply) {
        Extension e = lookup(identifier);
        if (e == null) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_UNKNOWN_IDENTIFIER,
                    "Unknown extension " + identifier));
            return;
        }
        boolean current = registry != null && registry.byId(identifier) == e;
        ExtensionInput input = exit ? new ExtensionInput.ExitErrorPosted() : new ExtensionInput.InitErrorPosted();
        ExtensionStateMachine.Outcome outcome = !exit && !(current && lifecycle.state().initializing())
                ? new ExtensionStateMachine.Outcome.Rejected(e.state(), input)
                : e.machine.on(input);
        if (outcome instanceof ExtensionStateMachine.Outcome.Rejected r) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_INVALID_STATE, r.message(e.name)));
            return;
        }
        e.parked = null;
        reply.accept(ApiOutcome.ACCEPTED);
        output.emit(e.logLine(e.state().name()));
        if (!current) {
            return; // already shutting down: it is killed with the rest
        }
        ErrorType type = exit ? ErrorType.EXTENSION_EXIT_ERROR : ErrorType.EXTENSION_INIT_ERROR;
        fail(type, "Extension " + e.name + " " + (exit ? "exit" : "init") + " error: " + errorType);
    }

    /** Completes an extension's parked {@code event/next} with an event. */
    private void deliver(Extension e, ExtensionEvent event) {
        Consumer<ApiOutcome> reply = e.parked;
        e.parked = null;
        if (reply == null) {
            LOG.error("environment {}: extension {} is not parked ({})", id, e.name, e.state().name());
            return;
        }
        reply.accept(new ApiOutcome.ExtensionEvent(FunctionErrors.json(event), UUID.randomUUID().toString()));
    }

    private void onExtensionExit(Extension e, ProcessExit exit) {
        if (sequence != null && sequence.extension(e.id) == e) {
            sequence.extensionExited(e, exit);
            return;
        }
        if (registry == null || registry.byId(e.id) != e) {
            return; // an extension of an earlier attempt
        }
        if (e.machine.on(new ExtensionInput.ProcessExited()) instanceof ExtensionStateMachine.Outcome.Rejected) {
            return;
        }
        output.emit(e.logLine(e.state().name()));
        fail(ErrorType.EXTENSION_CRASH, InitFailure.extensionExitMessage(e.name, exit));
    }

    /** A failure of a process (crash, extension error) in whatever phase the environment is. */
    private void fail(ErrorType type, String message) {
        EnvironmentState state = lifecycle.state();
        if (state.initializing()) {
            initFailed(InitFailure.extension(type, message));
        } else if (state instanceof Invoking || state instanceof Settling) {
            invokeFailed(type, message);
        } else if (state instanceof Idle) {
            reset(ShutdownReason.FAILURE, null);
        }
    }

    // ---------------------------------------------------------------- invoke (contract §4.2)

    private void writeStart(InvokeRun r) {
        startClock(r);
        announceStart(r);
    }

    /** The invoke's clock starts: its Duration and deadline ({@code Lambda-Runtime-Deadline-Ms}) count from here. */
    private void startClock(InvokeRun r) {
        r.started = true;
        r.startNanos = ticker.nanos();
        r.deadlineMs = clock.millis() + spec.timeout().toMillis();
    }

    /**
     * START, {@code platform.start} and the timeout timer. A warm invoke does this right after handing the event over
     * (a log write is not worth delaying the runtime for): still in the same task, so before any line, answer or
     * timer of this invoke is handled.
     */
    private void announceStart(InvokeRun r) {
        output.emit(PlatformLines.start(r.requestId(), spec.functionVersion()));
        events.start(r);
        r.timer = schedule(spec.timeout(), () -> onInvokeTimeout(r));
    }

    private void onNext(Consumer<ApiOutcome> reply) {
        StateOutcome outcome = machine.on(new RuntimeEvent.NextCalled());
        if (outcome instanceof StateOutcome.Rejected rejected) {
            reply.accept(new ApiOutcome.Rejected(rejected.errorType(), rejected.message()));
            return;
        }
        parked = reply;
        if (((StateOutcome.Transition) outcome).from() instanceof RuntimeState.Starting) {
            lifecycle.on(new EnvironmentInput.RuntimeReady());
            registry.close();
            checkInitComplete();
        } else {
            InvokeRun r = run;
            if (r != null && r.resultDone) {
                events.runtimeDone(r, r.functionError == null ? PlatformEvent.Status.SUCCESS
                        : PlatformEvent.Status.ERROR, r.functionError);
            }
            checkSettled();
        }
    }

    /** Releases the event to the runtime and every INVOKE subscriber together (thawed first). */
    private void release(InvokeRun r) {
        freezer.thaw();
        lifecycle.on(new EnvironmentInput.Release(r.requestId()));
        if (machine.on(new RuntimeEvent.Dispatch(r.requestId())) instanceof StateOutcome.Rejected) {
            LOG.error("environment {}: cannot dispatch in state {}", id, machine.state());
            return;
        }
        r.dispatched = true;
        Consumer<ApiOutcome> reply = parked;
        parked = null;
        Invocation inv = r.invocation;
        ExtensionEvent event = ExtensionEvent.Invoke.of(r.deadlineMs, inv.requestId(), inv.invokedFunctionArn(),
                inv.traceId());
        for (Extension e : registry.all()) {
            if (e.subscribes(ExtensionsApi.INVOKE)) {
                e.machine.on(new ExtensionInput.EventDelivered());
                deliver(e, event);
            }
        }
        reply.accept(new ApiOutcome.Event(new NextEvent(inv.requestId(), r.deadlineMs, inv.invokedFunctionArn(),
                inv.traceId(), inv.clientContext(), inv.cognitoIdentity(), inv.tenantId(), inv.contentType(),
                inv.payload())));
    }

    /** {@code /response}, {@code /error}, or a response refused at the edge. */
    private void onAnswer(RuntimeCommand command, Consumer<ApiOutcome> reply) {
        String requestId = switch (command) {
            case RuntimeCommand.Response c -> c.requestId();
            case RuntimeCommand.Error c -> c.requestId();
            case RuntimeCommand.ResponseTooLarge c -> c.requestId();
            case RuntimeCommand.InvalidResponseMode c -> c.requestId();
            default -> throw new IllegalArgumentException(command.toString());
        };
        RuntimeEvent event = command instanceof RuntimeCommand.Error
                ? new RuntimeEvent.ErrorPosted(requestId)
                : new RuntimeEvent.ResponsePosted(requestId);
        if (machine.on(event) instanceof StateOutcome.Rejected rejected) {
            reply.accept(new ApiOutcome.Rejected(rejected.errorType(), rejected.message()));
            return;
        }
        lifecycle.on(new EnvironmentInput.RuntimeAnswered(requestId));
        InvokeRun r = run;
        answered(r);
        switch (command) {
            case RuntimeCommand.Response c -> {
                r.producedBytes = c.body().length;
                r.complete(c.body(), callerContentType(c.contentType()), null);
                reply.accept(ApiOutcome.ACCEPTED);
            }
            case RuntimeCommand.Error c -> {
                FunctionErrors.Posted posted = FunctionErrors.posted(c.errorType(), c.body());
                r.functionError = posted.recordedType();
                r.complete(posted.callerBody(), JSON, posted.recordedType());
                reply.accept(ApiOutcome.ACCEPTED);
            }
            case RuntimeCommand.ResponseTooLarge c -> {
                r.functionError = ErrorType.FUNCTION_RESPONSE_SIZE_TOO_LARGE.wire();
                r.complete(FunctionErrors.body(ErrorType.FUNCTION_RESPONSE_SIZE_TOO_LARGE, "Response payload size ("
                        + c.bytes() + " bytes) exceeded maximum allowed payload size (" + RuntimeApi.MAX_PAYLOAD_BYTES
                        + " bytes)."), JSON, ErrorType.FUNCTION_RESPONSE_SIZE_TOO_LARGE.wire());
                reply.accept(new ApiOutcome.Rejected(ErrorType.REQUEST_ENTITY_TOO_LARGE,
                        "Exceeded maximum allowed payload size (" + RuntimeApi.MAX_PAYLOAD_BYTES + " bytes)."));
            }
            case RuntimeCommand.InvalidResponseMode c -> {
                r.functionError = ErrorType.RUNTIME_INVALID_RESPONSE_MODE_HEADER.wire();
                r.complete(FunctionErrors.platformBody(ErrorType.RUNTIME_INVALID_RESPONSE_MODE_HEADER, r.requestId(),
                        "Invalid response mode header: " + c.mode()), JSON,
                        ErrorType.RUNTIME_INVALID_RESPONSE_MODE_HEADER.wire());
                reply.accept(new ApiOutcome.Rejected(ErrorType.INVALID_FUNCTION_RESPONSE_MODE,
                        "Invalid " + RuntimeApi.HEADER_RESPONSE_MODE + " header: " + c.mode()));
            }
            default -> throw new IllegalArgumentException(command.toString());
        }
    }

    /** Shell clients send {@code application/x-www-form-urlencoded} for anything: treat it like no type at all. */
    private static String callerContentType(String contentType) {
        if (contentType == null || contentType.isBlank() || contentType.startsWith("application/x-www-form-urlencoded")) {
            return JSON;
        }
        return contentType;
    }

    private void answered(InvokeRun r) {
        r.answeredNanos = ticker.nanos();
        // no memory sample here: it would delay the caller's answer, and the peak is read at REPORT (and before a kill)
    }

    /** The invoke is over once the runtime and every extension are parked again: then END/REPORT. */
    private void checkSettled() {
        InvokeRun r = run;
        if (r == null || r.ending || r.settled || !(lifecycle.state() instanceof Settling)
                || !(machine.state() instanceof RuntimeState.Ready) || !registry.allReady()) {
            return;
        }
        r.settled = true;
        if (registry.all().stream().anyMatch(e -> e.subscribes(ExtensionsApi.INVOKE))) {
            r.endNanos = ticker.nanos(); // the extensions' post-invoke work counts in Duration, as on Lambda
        }
        finishWhenDrained(r, null, 0);
    }

    private void onInvokeTimeout(InvokeRun r) {
        if (run != r || r.finished || r.ending) {
            return;
        }
        r.ending = true;
        if (!r.dispatched) {
            output.emit(PlatformLines.initReport((ticker.nanos() - initStartNanos) / 1e6, "invoke",
                    PlatformLines.timeoutStatus()));
        }
        double seconds = spec.timeout().toMillis() / 1000.0;
        output.emit(PlatformLines.timedOut(clock.instant(), r.requestId(), seconds));
        if (!r.resultDone) {
            answered(r);
            r.complete(FunctionErrors.platformBody(ErrorType.SANDBOX_TIMEDOUT, r.requestId(),
                    PlatformLines.timedOutMessage(seconds)), JSON, ErrorType.SANDBOX_TIMEDOUT.wire());
        }
        r.endNanos = ticker.nanos();
        events.runtimeDone(r, PlatformEvent.Status.TIMEOUT, null);
        peak.sample(session, process);
        events.report(r, PlatformLines.timeoutStatus(), peak.mb()); // before SHUTDOWN, as on Lambda
        reset(ShutdownReason.TIMEOUT, () -> finish(r, PlatformLines.timeoutStatus()));
    }

    /** A process failed mid-invoke: the caller gets the error (unless answered already), then reset, then REPORT. */
    private void invokeFailed(ErrorType type, String message) {
        InvokeRun r = run;
        if (r == null || r.finished || r.ending) {
            reset(ShutdownReason.FAILURE, null);
            return;
        }
        r.ending = true;
        if (!r.resultDone) {
            events.fault(r);
            answered(r);
            r.complete(FunctionErrors.platformBody(type, r.requestId(), message), JSON, type.wire());
        }
        r.endNanos = ticker.nanos();
        events.runtimeDone(r, type.wire().startsWith("Sandbox.") ? PlatformEvent.Status.FAILURE
                : PlatformEvent.Status.ERROR, type.wire());
        peak.sample(session, process);
        events.report(r, PlatformLines.errorStatus(type.wire()), peak.mb());
        reset(ShutdownReason.FAILURE, () -> finish(r, PlatformLines.errorStatus(type.wire())));
    }

    private void onRuntimeExit(SandboxedProcess p, ProcessExit exit) {
        if (p != process) {
            if (sequence != null && sequence.owns(p)) {
                sequence.runtimeExited();
            }
            return;
        }
        RuntimeState before = machine.state();
        machine.on(new RuntimeEvent.ProcessExited());
        if (lifecycle.state().initializing()) {
            initFailed(before instanceof RuntimeState.InitErrored && postedInitError != null
                    ? InitFailure.posted(postedInitError) : InitFailure.exited(exit));
        } else {
            fail(exit instanceof ProcessExit.OomKilled ? ErrorType.RUNTIME_OUT_OF_MEMORY : ErrorType.RUNTIME_EXIT_ERROR,
                    InitFailure.exitMessage(exit));
        }
    }

    // ---------------------------------------------------------------- reset, freeze, finish, output

    /**
     * Runs the shutdown sequence (contract §4.3) for every process of this init attempt, then {@code then} once
     * their output has reached EOF. A reset while one is running just queues {@code then}.
     */
    private void reset(ShutdownReason reason, Runnable then) {
        if (then != null) {
            afterStop.add(then);
        }
        if (sequence != null) {
            return;
        }
        freezer.thaw();
        cancel(initTimer);
        peak.sample(session, process);
        List<Extension> extensions = registry == null ? List.of() : List.copyOf(registry.all());
        List<OutputPump> old = new ArrayList<>(pumps);
        extensions.forEach(e -> old.addAll(e.pumps));
        SandboxedProcess p = process;
        process = null;
        parked = null;
        pumps = List.of();
        registry = null;
        machine.on(new RuntimeEvent.Reset());
        lifecycle.on(new EnvironmentInput.Shutdown(reason));
        sequence = new ShutdownSequence(p, extensions, reason, shutdownHost(), () -> {
            if (session != null) {
                session.killAll(); // whatever the runtime or an extension left behind, in any process group
            }
            old.forEach(OutputPump::abandon); // a log fd the runtime never opened must not keep its reader waiting
            output.afterOutput(old, this::stopped);
        });
        sequence.start();
    }

    private void stopped() {
        sequence = null;
        events.reset(); // the extensions are gone: so are their subscriptions
        lifecycle.on(new EnvironmentInput.ShutdownComplete());
        List<Runnable> tasks = afterStop;
        afterStop = new ArrayList<>();
        tasks.forEach(Runnable::run);
    }

    private ShutdownSequence.Host shutdownHost() {
        return new ShutdownSequence.Host() {
            @Override
            public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
                return LocalEnvironment.this.schedule(delay, task);
            }

            @Override
            public long nowMs() {
                return clock.millis();
            }

            @Override
            public void emit(String line) {
                output.emit(line);
            }

            @Override
            public CompletableFuture<Boolean> flushTelemetry(Duration deadline) {
                return events.flush(deadline);
            }

            @Override
            public void deliver(Extension extension, ExtensionEvent event) {
                LocalEnvironment.this.deliver(extension, event);
            }
        };
    }

    List<SandboxedProcess> processes() {
        List<SandboxedProcess> all = new ArrayList<>();
        if (process != null) {
            all.add(process);
        }
        if (registry != null) {
            registry.external().forEach(e -> {
                if (e.process != null) {
                    all.add(e.process);
                }
            });
        }
        return all;
    }

    /** Whether the environment's processes are frozen (read from the serial thread; tests poll it). */
    boolean frozen() {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        submit(() -> f.complete(freezer.frozen()));
        return f.join();
    }

    private List<OutputPump> allPumps() {
        List<OutputPump> all = new ArrayList<>(pumps);
        if (registry != null) {
            registry.all().forEach(e -> all.addAll(e.pumps));
        }
        return all;
    }

    /**
     * Everyone is parked after the invoke: write END once the output printed before is in the log. Almost always
     * the pipe readers are already idle and END follows at once (as a new task, so line tasks queued before it run
     * first); otherwise re-check every millisecond, at most {@value #DRAIN_CHECKS} times. No sleep: the re-checks
     * are timers on the event loops. See {@link OutputPump} for what "drained" can and cannot see.
     */
    private void finishWhenDrained(InvokeRun r, String status, int attempt) {
        if (attempt >= DRAIN_CHECKS || allPumps().stream().allMatch(OutputPump::drained)) {
            // every line a pump read was submitted before it went back to waiting (read after the volatile flag);
            // when the executor has run them all, END can be written right here, without another task
            if (output.allHandled()) {
                if (!r.ending) {
                    finish(r, status);
                }
                return;
            }
            submit(() -> {
                if (!r.ending) {
                    finish(r, status);
                }
            });
        } else {
            schedule(Duration.ofMillis(1), () -> finishWhenDrained(r, status, attempt + 1));
        }
    }

    private void finish(InvokeRun r, String status) {
        if (run != r || r.finished) {
            return;
        }
        cancel(r.timer);
        peak.sample(session, process);
        output.emit(PlatformLines.end(r.requestId()));
        PlatformEvent.Report report = events.report(r, status, peak.mb());
        output.emit(PlatformLines.report(report, r.reportStatusLine));
        r.finished = true;
        run = null;
        if (lifecycle.state() instanceof Settling) {
            lifecycle.on(new EnvironmentInput.AllParked());
        }
        freezer.freezeWhenIdle();
        busy.set(false);
        r.log.complete(String.join("\n", r.lines) + "\n");
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    // ---------------------------------------------------------------- close (spindown)

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (serial.inExecutor()) {
            throw new IllegalStateException("close() called from the environment's own thread");
        }
        CompletableFuture<Void> down = new CompletableFuture<>();
        submit(() -> spindown(down));
        try {
            down.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("environment {}: shutdown incomplete: {}", id, e.toString());
        }
        events.close(); // after the extensions have exited: some wait for log data after SHUTDOWN
        if (server != null) {
            server.close();
        }
        serial.shutdown();
        serial.awaitTermination(5, TimeUnit.SECONDS);
        SandboxSession s = session;
        if (s != null) {
            s.close(); // after the shutdown sequence: kills what is left, removes cgroup and /tmp
        }
        network.close(); // after the session: no process is left in it
    }

    /** Shutdown with reason {@code spindown}; a pending invoke fails with Sandbox.Failure. */
    private void spindown(CompletableFuture<Void> down) {
        if (sequence != null) {
            afterStop.add(() -> spindown(down)); // a reset is running: spin down after it
            return;
        }
        InvokeRun r = run;
        String status = r == null ? null : failClosingResult(r);
        if (lifecycle.state() instanceof EnvironmentState.Stopped) {
            lifecycle.on(new EnvironmentInput.Shutdown(ShutdownReason.SPINDOWN));
            if (r != null) {
                finish(r, status);
            }
            down.complete(null);
            return;
        }
        reset(ShutdownReason.SPINDOWN, () -> {
            if (r != null) {
                finish(r, status);
            }
            down.complete(null);
        });
    }

    /** Fails a pending invoke's result because the environment is closing; returns its REPORT status. */
    private String failClosingResult(InvokeRun r) {
        r.ending = true;
        if (r.resultDone) {
            return null;
        }
        answered(r);
        r.complete(FunctionErrors.platformBody(ErrorType.SANDBOX_FAILURE, r.requestId(),
                "execution environment was shut down"), JSON, ErrorType.SANDBOX_FAILURE.wire());
        return PlatformLines.errorStatus(ErrorType.SANDBOX_FAILURE.wire());
    }

    private void failClosing(InvokeRun r) {
        if (r != null && !r.finished) {
            finish(r, failClosingResult(r));
        }
    }
}
