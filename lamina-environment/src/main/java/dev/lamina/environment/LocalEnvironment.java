package dev.lamina.environment;

import dev.lamina.environment.EnvironmentState.Idle;
import dev.lamina.environment.EnvironmentState.Invoking;
import dev.lamina.environment.EnvironmentState.Settling;
import dev.lamina.environment.runtimeapi.ApiOutcome;
import dev.lamina.environment.runtimeapi.ExtensionCommand;
import dev.lamina.environment.runtimeapi.ExtensionsApiCore;
import dev.lamina.environment.runtimeapi.RuntimeApiCore;
import dev.lamina.environment.runtimeapi.RuntimeApiServer;
import dev.lamina.environment.runtimeapi.RuntimeCommand;
import dev.lamina.environment.runtimeapi.TelemetryApiCore;
import dev.lamina.environment.telemetry.PlatformEventListener;
import dev.lamina.environment.telemetry.SubscribeOutcome;
import dev.lamina.environment.telemetry.SubscriptionApi;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionEvent;
import dev.lamina.protocol.extensions.ShutdownReason;
import dev.lamina.sandbox.SandboxNetwork;
import dev.lamina.sandbox.SandboxSession;
import dev.lamina.sandbox.SandboxedProcess;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment (contract §4): its runtime and extensions run in one sandbox session, opened at the
 * first init (or handed over ready by the factory, D60) and kept for the environment's life ({@code /tmp} survives resets, as on Lambda), closed last.
 *
 * <p>The coordinator: it takes every input, owns the state the phases share (below the "confined" marker) and the
 * shutdown (reset, spindown, close), and hands each concern to a package-private collaborator that holds its own
 * state: {@link InitPhase} (init, §4.1), {@link InvokePhase} (invoke, §4.2), {@link RuntimeCommands} and
 * {@link ExtensionCommands} (the Runtime and Extensions APIs' commands, process exits), {@link IdleFreezer} (freeze
 * when idle, D40), {@link OutputRouter} (lines to the log sink, the invoke's log and the telemetry) and
 * {@link MemoryPeak} (Max Memory Used). They call each other directly, on the same thread.
 *
 * <p><b>Threads.</b> All mutable state below the "confined" marker, and all the collaborators' state, is owned by one
 * serial executor ({@link SerialExecutor} {@code serial}); every input — an invoke, a Runtime API command, a process
 * exit, a timer, an output line — is a task submitted to it, and tasks run one at a time in submission order. A task
 * runs on the thread that submitted it when no other task runs (D41): the Netty event loop that read a Runtime API
 * request handles it there and writes the reply without a thread hop, while the lifecycle is idle, invoking or
 * settling ({@code quick}); while it starts or stops processes, tasks submitted from platform threads go to a virtual
 * thread. No lock exists, so none is held during I/O. Timers run on the shared event loops and only submit. The
 * executor's thread does the quick process operations (fork via the sandbox, signals) itself, and never waits for a
 * process. Futures handed to callers are completed on the executor's thread (possibly an event loop): callers must
 * not block in their callbacks (use the {@code *Async} variants). {@link #close()} is the one blocking method and
 * must not be called from such a callback.
 */
final class LocalEnvironment implements ExecutionEnvironment, RuntimeApiCore, ExtensionsApiCore, TelemetryApiCore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEnvironment.class);

    private final String id;
    private final String logStream;
    final EnvironmentSpec spec;
    final InstantSource clock;
    final Ticker ticker;
    /** The shared event loops: they serve the Runtime API and fire timers (which only submit tasks). */
    private final EventLoopGroup loops;
    /**
     * The one loop of {@link #loops} that serves this environment's Runtime API: its listening socket and every
     * connection to it (runtime, extensions, subscribers), so the environment's requests arrive on one thread (D82).
     */
    private final EventLoop loop;
    private final SerialExecutor serial;
    /** The Logs/Telemetry API of this environment; its emitter is confined to the serial executor. */
    final EnvironmentEvents events;
    final AtomicBoolean busy = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();
    private volatile RuntimeApiServer server;
    /** The environment's network (its own namespace, or the host's); closed after the session. */
    final SandboxNetwork network;
    /**
     * Whether the lifecycle is where tasks are quick (idle, invoking, settling: no session, fork or join), so a Netty
     * event loop may run them inline (D41); written after every task.
     */
    private volatile boolean quick;

    // ---- collaborators: confined to the serial executor (OutputRouter's pump side excepted, see there) ----
    final MemoryPeak peak;
    final IdleFreezer freezer;
    final OutputRouter output;
    final InitPhase init;
    final InvokePhase invokes;
    final RuntimeCommands runtime;
    final ExtensionCommands extensions;

    // ---- confined to the serial executor (read and written by the collaborators too) ----
    final RuntimeStateMachine machine;
    final EnvironmentLifecycle lifecycle;
    SandboxedProcess process;
    ExtensionRegistry registry;
    ShutdownSequence sequence;
    private List<Runnable> afterStop = new ArrayList<>();
    /** The runtime's output pumps (each extension holds its own). */
    List<OutputPump> pumps = List.of();
    /** The invoke in progress, or null. */
    InvokeRun run;
    /**
     * The sandbox session (null until the first init, unless one was prepared ahead of demand, D60); read by
     * {@link #close()} once the serial thread is done.
     */
    volatile SandboxSession session;
    /** The spec at the paths the session's processes see ({@code /var/task}, {@code /opt}…). */
    EnvironmentSpec visible;

    LocalEnvironment(String id, String logStream, EnvironmentSpec spec, LocalEnvironmentFactory.Settings settings,
            Consumer<StateOutcome.Transition> transitions, SandboxNetwork network, SandboxSession prepared) {
        this.id = id;
        this.network = network;
        this.logStream = logStream;
        this.spec = spec;
        this.clock = settings.clock();
        this.ticker = settings.ticker();
        this.loops = settings.group();
        this.loop = loops.next();
        this.machine = new RuntimeStateMachine(transitions);
        this.lifecycle = new EnvironmentLifecycle(settings.lifecycle());
        this.events = new EnvironmentEvents(EnvironmentEvents.hub(clock, spec, network::openSocket),
                PlatformEventListener.NONE, spec, clock, ticker);
        this.peak = new MemoryPeak(settings.memoryProbe());
        this.freezer = new IdleFreezer(this, settings.freezer(), ticker, events);
        this.output = new OutputRouter(this, spec, settings.logSink(), clock, events);
        this.init = new InitPhase(this, settings.sandbox(), settings.initTimeout());
        this.invokes = new InvokePhase(this);
        this.runtime = new RuntimeCommands(this);
        this.extensions = new ExtensionCommands(this);
        this.serial = new SerialExecutor("lamina-env-" + id, () -> quick);
        if (prepared != null) { // opened ahead of demand in this environment's network (D60)
            init.useSession(prepared);
        }
    }

    /**
     * Binds the Runtime API port in the environment's network (Lambda's 9001 in its own); blocks until bound. With
     * {@code prepared} (bound ahead of demand in this network, D61) it serves that socket, owning it, and does not
     * wait for the event loop.
     */
    LocalEnvironment bind(ServerSocketChannel prepared) throws InterruptedException {
        if (prepared != null) {
            server = RuntimeApiServer.serve(loop, prepared, this, this, this);
            return this;
        }
        server = RuntimeApiServer.bind(loop, network,
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

    @Override
    public boolean servedByCallingThread() {
        return loop.inEventLoop();
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
        submit(() -> runtime.handle(command, reply));
    }

    @Override
    public void handle(ExtensionCommand command, Consumer<ApiOutcome> reply) {
        submit(() -> extensions.handle(command, reply));
    }

    @Override
    public void subscribe(SubscriptionApi api, String identifier, byte[] body, Consumer<SubscribeOutcome> reply) {
        submit(() -> extensions.subscribe(api, identifier, body, reply));
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

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return timerLoop().schedule(() -> submit(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Like {@link #schedule}, for a task that may block (a freeze waits for the cgroup): never on an event loop. */
    ScheduledFuture<?> scheduleOffLoop(Duration delay, Runnable task) {
        return timerLoop().schedule(() -> offLoop(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * The loop of {@link #loops} this thread is, else the environment's own: a timer set from an event loop goes into
     * that loop's own queue, without waking another thread (D82).
     */
    private EventExecutor timerLoop() {
        for (EventExecutor e : loops) {
            if (e.inEventLoop()) {
                return e;
            }
        }
        return loop;
    }

    /** Submits from a new virtual thread, so the task runs there (or after the running ones), never inline here. */
    void offLoop(Runnable task) {
        Thread.ofVirtual().name("lamina-env-" + id).start(() -> submit(task));
    }

    // ---------------------------------------------------------------- an invoke begins

    private void begin(InvokeRun r) {
        if (closed.get()) { // close() came between invoke() and here: no init or event on a closing environment
            run = r;
            invokes.failClosing(r);
            return;
        }
        if (sequence != null) {
            // the previous invoke ended in a reset (a crash, an extension's exit error) that is still stopping the
            // processes: this invoke starts once it has, with a fresh init, rather than failing (the pool may hand
            // the environment out as soon as that invoke's result is in)
            afterStop.add(() -> begin(r));
            return;
        }
        run = r;
        switch (lifecycle.state()) {
            case Idle idle -> { // warm: the event goes out first; START and timer right after (D44)
                invokes.startClock(r);
                invokes.release(r);
                invokes.announceStart(r);
            }
            case EnvironmentState.Stopped stopped -> {
                peak.reset(session);
                init.start(false);
            }
            default -> {
                LOG.error("environment {}: invoke began in state {}", id, lifecycle.state());
                r.complete(FunctionErrors.platformBody(ErrorType.RUNTIME_UNKNOWN, r.requestId(),
                        "environment in state " + lifecycle.state().name()), InvokeRun.JSON,
                        ErrorType.RUNTIME_UNKNOWN.wire());
                invokes.finish(r, PlatformLines.errorStatus(ErrorType.RUNTIME_UNKNOWN.wire()));
            }
        }
    }

    /** A failure of a process (crash, extension error) in whatever phase the environment is. */
    void fail(ErrorType type, String message) {
        EnvironmentState state = lifecycle.state();
        if (state.initializing()) {
            init.failed(InitFailure.extension(type, message));
        } else if (state instanceof Invoking || state instanceof Settling) {
            invokes.failed(type, message);
        } else if (state instanceof Idle) {
            reset(ShutdownReason.FAILURE, null);
        }
    }

    // ---------------------------------------------------------------- reset (contract §4.3)

    /**
     * Runs the shutdown sequence (contract §4.3) for every process of this init attempt, then {@code then} once
     * their output has reached EOF. A reset while one is running just queues {@code then}.
     */
    void reset(ShutdownReason reason, Runnable then) {
        if (then != null) {
            afterStop.add(then);
        }
        if (sequence != null) {
            return;
        }
        freezer.thaw();
        init.cancelTimer();
        peak.sample(session, process);
        List<Extension> stopping = registry == null ? List.of() : List.copyOf(registry.all());
        List<OutputPump> old = new ArrayList<>(pumps);
        stopping.forEach(e -> old.addAll(e.pumps));
        SandboxedProcess p = process;
        process = null;
        runtime.dropParked();
        pumps = List.of();
        registry = null;
        machine.on(new RuntimeEvent.Reset());
        lifecycle.on(new EnvironmentInput.Shutdown(reason));
        sequence = new ShutdownSequence(p, stopping, reason, shutdownHost(), () -> {
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
                extensions.deliver(extension, event);
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
        try {
            return f.get(10, TimeUnit.SECONDS); // a closed environment drops the task
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("environment " + id + " did not answer (closed?)", e);
        }
    }

    List<OutputPump> allPumps() {
        List<OutputPump> all = new ArrayList<>(pumps);
        if (registry != null) {
            registry.all().forEach(e -> all.addAll(e.pumps));
        }
        return all;
    }

    static void cancel(ScheduledFuture<?> timer) {
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
        String status = r == null ? null : invokes.failClosingResult(r);
        if (lifecycle.state() instanceof EnvironmentState.Stopped) {
            lifecycle.on(new EnvironmentInput.Shutdown(ShutdownReason.SPINDOWN));
            if (r != null) {
                invokes.finish(r, status);
            }
            down.complete(null);
            return;
        }
        reset(ShutdownReason.SPINDOWN, () -> {
            if (r != null) {
                invokes.finish(r, status);
            }
            down.complete(null);
        });
    }
}
