package dev.lamina.environment;

import dev.lamina.environment.RuntimeState.InitErrored;
import dev.lamina.environment.RuntimeState.Invoking;
import dev.lamina.environment.RuntimeState.Ready;
import dev.lamina.environment.RuntimeState.ResponseSent;
import dev.lamina.environment.RuntimeState.Starting;
import dev.lamina.environment.RuntimeState.Stopped;
import dev.lamina.environment.runtimeapi.ApiOutcome;
import dev.lamina.environment.runtimeapi.NextEvent;
import dev.lamina.environment.runtimeapi.RuntimeApiCore;
import dev.lamina.environment.runtimeapi.RuntimeApiServer;
import dev.lamina.environment.runtimeapi.RuntimeCommand;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.runtime.RuntimeApi;
import dev.lamina.sandbox.ExecRequest;
import dev.lamina.sandbox.MemoryProbe;
import dev.lamina.sandbox.ProcessExit;
import dev.lamina.sandbox.Sandbox;
import dev.lamina.sandbox.SandboxedProcess;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment running a custom runtime as a plain process (contract §4).
 *
 * <p><b>Threads.</b> All mutable state below the "confined" marker is owned by one serial executor (a single
 * virtual thread, {@code serial}); every input — an invoke, a Runtime API command, a process exit, a timer, an
 * output line — is a task submitted to it. No lock exists, so none is held during I/O. Netty event loops only
 * submit tasks and write replies; timers run on the shared event loops and only submit. The serial thread does
 * the quick process operations (fork via the sandbox, signals) itself, and never waits for a process. Futures
 * handed to callers are completed on the serial thread: callers must not block in their callbacks (use the
 * {@code *Async} variants). {@link #close()} is the one blocking method and must not be called from such a
 * callback.
 */
final class LocalEnvironment implements ExecutionEnvironment, RuntimeApiCore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEnvironment.class);
    private static final Duration INIT_ERROR_GRACE = Duration.ofMillis(500);
    private static final Duration OUTPUT_EOF_WAIT = Duration.ofMillis(300);
    private static final int DRAIN_CHECKS = 100;
    private static final String JSON = "application/json";

    private final String id;
    private final String logStream;
    private final EnvironmentSpec spec;
    private final Sandbox sandbox;
    private final LogSink sink;
    private final InstantSource clock;
    private final Ticker ticker;
    private final MemoryProbe memory;
    private final Duration initTimeout;
    /** The shared event loops: they serve the Runtime API and fire timers (which only submit tasks). */
    private final EventLoopGroup timers;
    private final ExecutorService serial;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile RuntimeApiServer server;
    private volatile Thread serialThread;

    // ---- confined to the serial executor ----
    private final RuntimeStateMachine machine;
    private int generation;
    private SandboxedProcess process;
    private List<OutputPump> pumps = List.of();
    private Consumer<ApiOutcome> parked;
    private InvokeRun run;
    private boolean suppressedInit;
    private long initStartNanos;
    private FunctionErrors.Posted postedInitError;
    private ScheduledFuture<?> initTimer;
    private long peakMemoryMb;

    LocalEnvironment(String id, String logStream, EnvironmentSpec spec, LocalEnvironmentFactory.Settings settings,
            Consumer<StateOutcome.Transition> transitions) {
        this.id = id;
        this.logStream = logStream;
        this.spec = spec;
        this.sandbox = settings.sandbox();
        this.sink = settings.logSink();
        this.clock = settings.clock();
        this.ticker = settings.ticker();
        this.memory = settings.memoryProbe();
        this.initTimeout = settings.initTimeout();
        this.timers = settings.group();
        this.machine = new RuntimeStateMachine(transitions);
        this.serial = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("lamina-env-" + id).factory());
    }

    /** Binds the Runtime API port; blocks until bound. */
    LocalEnvironment bind() throws InterruptedException {
        server = RuntimeApiServer.bind(timers, this);
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    String logStream() {
        return logStream;
    }

    /** {@code 127.0.0.1:<port>}. */
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

    private void submit(Runnable task) {
        try {
            serial.execute(() -> {
                serialThread = Thread.currentThread();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("environment {}: bug in lifecycle task", id, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("environment {} is closed; dropped a task", id);
        }
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return timers.schedule(() -> submit(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- init

    private void begin(InvokeRun r) {
        run = r;
        switch (machine.state()) {
            case Ready ready -> {
                writeStart(r);
                dispatch(r);
            }
            case Stopped stopped -> startInit(false);
            default -> {
                LOG.error("environment {}: invoke began in state {}", id, machine.state());
                r.complete(FunctionErrors.platformBody(ErrorType.RUNTIME_UNKNOWN, r.requestId(),
                        "environment in state " + machine.state().name()), JSON, ErrorType.RUNTIME_UNKNOWN.wire());
                finish(r, PlatformLines.errorStatus(ErrorType.RUNTIME_UNKNOWN.wire()));
            }
        }
    }

    private void startInit(boolean suppressed) {
        suppressedInit = suppressed;
        initStartNanos = ticker.nanos();
        postedInitError = null;
        peakMemoryMb = 0;
        Optional<Path> bootstrap = BootstrapLocator.find(spec);
        if (bootstrap.isEmpty()) {
            initFailed(InitFailure.entrypoint(
                    "Couldn't find valid bootstrap(s): " + BootstrapLocator.candidates(spec)));
            return;
        }
        int gen = ++generation;
        SandboxedProcess p;
        try {
            p = sandbox.start(new ExecRequest("runtime", List.of(bootstrap.get().toString()), spec.taskRoot(),
                    RuntimeEnvironmentVariables.of(spec, runtimeApi(), logStream)));
        } catch (IOException e) {
            initFailed(InitFailure.entrypoint(e.getMessage()));
            return;
        }
        machine.on(new RuntimeEvent.Start());
        process = p;
        pumps = List.of(new OutputPump(p.stdout(), this::outputLine).start("lamina-out-" + id + "-" + p.pid()),
                new OutputPump(p.stderr(), this::outputLine).start("lamina-err-" + id + "-" + p.pid()));
        p.exit().thenAccept(exit -> submit(() -> onExit(gen, exit)));
        if (!suppressed) {
            initTimer = schedule(initTimeout, () -> onInitTimeout(gen));
        }
    }

    private void onInitTimeout(int gen) {
        if (gen == generation && (machine.state() instanceof Starting || machine.state() instanceof InitErrored)) {
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
        int gen = generation;
        schedule(INIT_ERROR_GRACE, () -> {
            if (gen == generation && process != null) {
                process.kill(); // the runtime should exit by itself after /init/error; the exit drives the failure
            }
        });
    }

    /** An init attempt failed: report it, then retry once inside the invoke, or fail the invoke. */
    private void initFailed(InitFailure failure) {
        double initMs = (ticker.nanos() - initStartNanos) / 1e6;
        List<OutputPump> old = resetProcess();
        InvokeRun r = run;
        afterOutput(old, () -> {
            if (run != r || r == null || r.resultDone) {
                return;
            }
            if (!suppressedInit) {
                emit(PlatformLines.initReport(initMs, "init", failure.status()));
                writeStart(r);
                startInit(true);
            } else {
                emit(PlatformLines.initReport(initMs, "invoke", failure.status()));
                answered(r);
                r.complete(failure.callerBody(r.requestId()), JSON, failure.errorType());
                finish(r, PlatformLines.errorStatus(failure.errorType()));
            }
        });
    }

    // ---------------------------------------------------------------- invoke

    private void writeStart(InvokeRun r) {
        r.started = true;
        r.startNanos = ticker.nanos();
        r.deadlineMs = clock.millis() + spec.timeout().toMillis();
        emit(PlatformLines.start(r.requestId(), spec.functionVersion()));
        r.timer = schedule(spec.timeout(), () -> onInvokeTimeout(r));
    }

    private void onNext(Consumer<ApiOutcome> reply) {
        StateOutcome outcome = machine.on(new RuntimeEvent.NextCalled());
        if (outcome instanceof StateOutcome.Rejected rejected) {
            reply.accept(new ApiOutcome.Rejected(rejected.errorType(), rejected.message()));
            return;
        }
        parked = reply;
        InvokeRun r = run;
        if (((StateOutcome.Transition) outcome).from() instanceof Starting) {
            cancel(initTimer);
            if (r == null) {
                return;
            }
            if (!suppressedInit) {
                r.initDurationMs = (ticker.nanos() - initStartNanos) / 1e6;
                writeStart(r);
            }
            dispatch(r);
        } else if (r != null) {
            finishWhenDrained(r, null, 0);
        }
    }

    private void dispatch(InvokeRun r) {
        if (machine.on(new RuntimeEvent.Dispatch(r.requestId())) instanceof StateOutcome.Rejected) {
            LOG.error("environment {}: cannot dispatch in state {}", id, machine.state());
            return;
        }
        r.dispatched = true;
        Consumer<ApiOutcome> reply = parked;
        parked = null;
        Invocation inv = r.invocation;
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
        InvokeRun r = run;
        answered(r);
        switch (command) {
            case RuntimeCommand.Response c -> {
                r.complete(c.body(), callerContentType(c.contentType()), null);
                reply.accept(ApiOutcome.ACCEPTED);
            }
            case RuntimeCommand.Error c -> {
                FunctionErrors.Posted posted = FunctionErrors.posted(c.errorType(), c.body());
                r.complete(posted.callerBody(), JSON, posted.recordedType());
                reply.accept(ApiOutcome.ACCEPTED);
            }
            case RuntimeCommand.ResponseTooLarge c -> {
                r.complete(FunctionErrors.body(ErrorType.FUNCTION_RESPONSE_SIZE_TOO_LARGE, "Response payload size ("
                        + c.bytes() + " bytes) exceeded maximum allowed payload size (" + RuntimeApi.MAX_PAYLOAD_BYTES
                        + " bytes)."), JSON, ErrorType.FUNCTION_RESPONSE_SIZE_TOO_LARGE.wire());
                reply.accept(new ApiOutcome.Rejected(ErrorType.REQUEST_ENTITY_TOO_LARGE,
                        "Exceeded maximum allowed payload size (" + RuntimeApi.MAX_PAYLOAD_BYTES + " bytes)."));
            }
            case RuntimeCommand.InvalidResponseMode c -> {
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
        cancel(r.timer);
        sampleMemory();
    }

    private void onInvokeTimeout(InvokeRun r) {
        if (run != r || r.resultDone) {
            return;
        }
        if (!r.dispatched) {
            emit(PlatformLines.initReport((ticker.nanos() - initStartNanos) / 1e6, "invoke",
                    PlatformLines.timeoutStatus()));
        }
        double seconds = spec.timeout().toMillis() / 1000.0;
        emit(PlatformLines.timedOut(clock.instant(), r.requestId(), seconds));
        answered(r);
        r.complete(FunctionErrors.platformBody(ErrorType.SANDBOX_TIMEDOUT, r.requestId(),
                PlatformLines.timedOutMessage(seconds)), JSON, ErrorType.SANDBOX_TIMEDOUT.wire());
        List<OutputPump> old = resetProcess();
        afterOutput(old, () -> finish(r, PlatformLines.timeoutStatus()));
    }

    private void onExit(int gen, ProcessExit exit) {
        if (gen != generation) {
            return;
        }
        RuntimeState before = machine.state();
        machine.on(new RuntimeEvent.ProcessExited());
        InvokeRun r = run;
        switch (before) {
            case Starting s -> initFailed(InitFailure.exited(exit));
            case InitErrored s -> initFailed(postedInitError != null
                    ? InitFailure.posted(postedInitError) : InitFailure.exited(exit));
            case Invoking s -> {
                answered(r);
                r.complete(FunctionErrors.platformBody(ErrorType.RUNTIME_EXIT_ERROR, r.requestId(),
                        InitFailure.exitMessage(exit)), JSON, ErrorType.RUNTIME_EXIT_ERROR.wire());
                List<OutputPump> old = resetProcess();
                afterOutput(old, () -> finish(r, PlatformLines.errorStatus(ErrorType.RUNTIME_EXIT_ERROR.wire())));
            }
            case ResponseSent s -> {
                List<OutputPump> old = resetProcess();
                afterOutput(old, () -> finish(r, PlatformLines.errorStatus(ErrorType.RUNTIME_EXIT_ERROR.wire())));
            }
            default -> resetProcess(); // an idle runtime died: the next invoke initialises again
        }
    }

    // ---------------------------------------------------------------- reset, finish, output

    /** Kills the runtime's process group and forgets it; returns its output pumps to wait for. */
    private List<OutputPump> resetProcess() {
        generation++;
        cancel(initTimer);
        if (process != null) {
            sampleMemory();
            process.kill();
        }
        process = null;
        parked = null;
        machine.on(new RuntimeEvent.Reset());
        List<OutputPump> old = pumps;
        pumps = List.of();
        return old;
    }

    /** Runs {@code task} once the old process's output has reached EOF (bounded: a leaked child may hold a pipe). */
    private void afterOutput(List<OutputPump> old, Runnable task) {
        CompletableFuture.allOf(old.stream().map(OutputPump::eof).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, OUTPUT_EOF_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> submit(task));
    }

    /**
     * The runtime called {@code next} after answering: write END once the output it printed before is in the log.
     * Almost always the pipe readers are already idle and END follows at once (as a new task, so line tasks queued
     * before it run first); otherwise re-check every millisecond, at most {@value #DRAIN_CHECKS} times. No sleep:
     * the re-checks are timers on the event loops. See {@link OutputPump} for what "drained" can and cannot see.
     */
    private void finishWhenDrained(InvokeRun r, String status, int attempt) {
        if (attempt >= DRAIN_CHECKS || pumps.stream().allMatch(OutputPump::drained)) {
            submit(() -> finish(r, status));
        } else {
            schedule(Duration.ofMillis(1), () -> finishWhenDrained(r, status, attempt + 1));
        }
    }

    private void finish(InvokeRun r, String status) {
        if (run != r || r.finished) {
            return;
        }
        sampleMemory();
        emit(PlatformLines.end(r.requestId()));
        emit(PlatformLines.report(r.requestId(), r.durationMs(), spec.memoryMb(), peakMemoryMb, r.initDurationMs,
                status));
        r.finished = true;
        run = null;
        busy.set(false);
        r.log.complete(String.join("\n", r.lines) + "\n");
    }

    private void sampleMemory() {
        if (process != null && process.isAlive()) {
            long bytes = memory.peakResidentBytes(process.pid());
            peakMemoryMb = Math.max(peakMemoryMb, (bytes + (1 << 20) - 1) >> 20);
        }
    }

    private void outputLine(String line) {
        submit(() -> emit(line));
    }

    /** Every line, platform or function, goes to the sink and into the current invoke's log. */
    private void emit(String line) {
        try {
            sink.line(id, logStream, clock.instant(), line);
        } catch (RuntimeException e) {
            LOG.warn("log sink failed: {}", e.toString());
        }
        if (run != null && !run.finished) {
            run.lines.add(line);
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() == serialThread) {
            throw new IllegalStateException("close() called from the environment's own thread");
        }
        CompletableFuture<SandboxedProcess> shut = new CompletableFuture<>();
        submit(() -> shut.complete(shutdown()));
        try {
            SandboxedProcess p = shut.get(10, TimeUnit.SECONDS);
            if (p != null) {
                p.exit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("environment {}: shutdown incomplete: {}", id, e.toString());
        }
        if (server != null) {
            server.close();
        }
        serial.shutdown();
        try {
            serial.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** No extensions yet, so SIGKILL at once (contract §4.3); a pending invoke fails with Sandbox.Failure. */
    private SandboxedProcess shutdown() {
        SandboxedProcess p = process;
        InvokeRun r = run;
        resetProcess();
        if (r != null) {
            String status = null;
            if (!r.resultDone) {
                answered(r);
                r.complete(FunctionErrors.platformBody(ErrorType.SANDBOX_FAILURE, r.requestId(),
                        "execution environment was shut down"), JSON, ErrorType.SANDBOX_FAILURE.wire());
                status = PlatformLines.errorStatus(ErrorType.SANDBOX_FAILURE.wire());
            }
            finish(r, status);
        }
        return p;
    }
}
