package dev.lamina.environment;

import dev.lamina.sandbox.MemoryProbe;
import dev.lamina.sandbox.Sandbox;
import dev.lamina.sandbox.SandboxNetwork;
import dev.lamina.sandbox.Sandboxes;
import dev.lamina.sandbox.TmpStorage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Creates {@link ExecutionEnvironment}s that run a custom runtime as local processes confined in one sandbox session
 * per environment, each with its own Runtime API server on 127.0.0.1: at 127.0.0.1:9001 in a network namespace of the
 * environment's own where the sandbox isolates networks, else on an OS-assigned port of the host's network. The
 * composition root of this module:
 *
 * <pre>{@code
 * LocalEnvironmentFactory factory = LocalEnvironmentFactory.builder()
 *         .eventLoopGroup(group)                 // optional: NIO-capable; else the factory creates and owns one
 *         .sandbox(Sandboxes.detect())           // optional, this is the default (bubblewrap when usable)
 *         .scratchDir(dataDir.resolve("sandbox")) // optional: the sessions' files; default a new temp directory
 *         .hiddenPaths(List.of(dataDir))         // optional: host paths functions must not see
 *         .hostPorts(List.of(5432))              // optional: host loopback ports isolated functions may reach
 *         .logSink(sink)                         // optional, default LogSink.DISCARD
 *         .clock(InstantSource.system())         // optional
 *         .initTimeout(Duration.ofSeconds(10))   // optional, Lambda's 10 s
 *         .build();
 * }</pre>
 *
 * Closing the factory shuts down the event loops only if it created them; close environments first.
 */
public final class LocalEnvironmentFactory implements EnvironmentFactory, AutoCloseable {
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /** What every environment of this factory shares. */
    record Settings(EventLoopGroup group, EnvironmentSandbox sandbox, LogSink logSink, InstantSource clock, Ticker ticker,
            MemoryProbe memoryProbe, Duration initTimeout, Freezer freezer,
            Consumer<EnvironmentLifecycle.Transition> lifecycle) {}

    private final Settings settings;
    private final boolean ownsGroup;
    private final Consumer<StateOutcome.Transition> transitions;
    /** Sessions opened ahead of demand (D60), or null when the builder did not ask for them. */
    private final PreparedSessions prepared;

    private LocalEnvironmentFactory(Settings settings, boolean ownsGroup, Consumer<StateOutcome.Transition> transitions,
            boolean prepareSessions, Duration maxDeferral) {
        this.settings = settings;
        this.ownsGroup = ownsGroup;
        this.transitions = transitions;
        this.prepared = prepareSessions ? new PreparedSessions(settings.sandbox(), settings.group(), maxDeferral)
                : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ExecutionEnvironment create(EnvironmentSpec spec) {
        return createLocal(spec);
    }

    LocalEnvironment createLocal(EnvironmentSpec spec) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String logStream = STREAM_DATE.format(settings.clock().instant()) + "/[" + spec.functionVersion() + "]" + id;
        PreparedSessions.Prepared ready = prepared == null ? null : prepared.take(spec);
        Runnable coldDone = coldStartDone();
        SandboxNetwork network;
        if (ready != null) {
            network = ready.network();
        } else {
            try {
                network = settings.sandbox().openNetwork();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the network of environment " + id, e);
            }
        }
        LocalEnvironment environment;
        try {
            environment = new LocalEnvironment(id, logStream, spec, settings, watchFirstInvoke(coldDone), network,
                    ready == null ? null : ready.session());
        } catch (RuntimeException e) {
            coldDone.run();
            if (ready != null) {
                PreparedSessions.closeQuietly(ready.runtimeApi());
                ready.session().close();
            }
            network.close();
            throw e;
        }
        try {
            return environment.bind(ready == null ? null : ready.runtimeApi());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            environment.close();
            throw new IllegalStateException("interrupted while binding the Runtime API", e);
        } catch (RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    /**
     * Tells {@link PreparedSessions} once that this cold start is over (D79), at the latest after
     * {@link PreparedSessions#maxDeferral()}; nothing without prepared sessions.
     */
    private Runnable coldStartDone() {
        if (prepared == null) {
            return () -> {};
        }
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable done = () -> {
            if (once.compareAndSet(false, true)) {
                prepared.coldStartDone();
            }
        };
        try {
            settings.group().schedule(done, prepared.maxDeferral().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.run(); // shutting down
        }
        return done;
    }

    /** {@link #transitions}, and {@code done} at the first transition that ends the runtime's first invoke. */
    private Consumer<StateOutcome.Transition> watchFirstInvoke(Runnable done) {
        if (prepared == null) {
            return transitions;
        }
        boolean[] seen = new boolean[1]; // transitions come from the environment's serial executor, one at a time
        return t -> {
            transitions.accept(t);
            if (!seen[0] && (t.event() instanceof RuntimeEvent.ResponsePosted
                    || t.event() instanceof RuntimeEvent.ErrorPosted || t.event() instanceof RuntimeEvent.InitErrorPosted
                    || t.event() instanceof RuntimeEvent.ProcessExited || t.event() instanceof RuntimeEvent.Reset)) {
                seen[0] = true;
                done.run();
            }
        };
    }

    /** How many sessions opened ahead of demand are ready to be taken (tests). */
    int preparedSessions() {
        return prepared == null ? 0 : prepared.ready();
    }

    /** Closes the sessions opened ahead of demand, then the event loops if the factory made them. */
    @Override
    public void close() {
        if (prepared != null) {
            prepared.close();
        }
        if (ownsGroup) {
            settings.group().shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Which sandbox confines the environments, e.g. {@code bubblewrap} or {@code plain}. */
    public String sandboxKind() {
        return settings.sandbox().sandbox().kind();
    }

    /**
     * Makes Lamina's own API (listening at {@code address} on the host) reachable from environments created from now
     * on as {@code http://lamina:<port>} (docs/sandbox.md).
     */
    public void exposeApi(java.net.InetSocketAddress address) {
        settings.sandbox().laminaApi().set(Objects.requireNonNull(address));
    }

    /**
     * The environments' network: {@code isolated} (a network namespace each, Runtime API at 127.0.0.1:9001) or
     * {@code shared} (the host's network, OS-assigned Runtime API ports).
     */
    public String networkKind() {
        return settings.sandbox().sandbox().networkKind();
    }

    public static final class Builder {
        private EventLoopGroup group;
        private Sandbox sandbox;
        private boolean prepareSessions;
        private Duration maxDeferral = PreparedSessions.MAX_DEFERRAL;
        private Path scratchDir;
        private List<Path> hiddenPaths = List.of();
        private TmpStorage tmpStorage = TmpStorage.TMPFS;
        private List<Integer> hostPorts = List.of();
        private LogSink logSink = LogSink.DISCARD;
        private InstantSource clock = InstantSource.system();
        private Ticker ticker = Ticker.SYSTEM;
        private MemoryProbe memoryProbe = MemoryProbe.procfs();
        private Duration initTimeout = Duration.ofSeconds(10);
        private Consumer<StateOutcome.Transition> transitions = t -> {};
        private Consumer<EnvironmentLifecycle.Transition> lifecycle = t -> {};
        private Freezer freezer = Freezer.SESSION;

        private Builder() {}

        /** The event loops shared by all environments (NIO-capable); without it the factory creates its own. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = Objects.requireNonNull(group);
            return this;
        }

        /**
         * Opens one sandbox session per session shape ahead of demand, so a new environment usually finds its session
         * ready (D60; default off). A ready session not taken within seconds is closed; {@link #close()} closes all.
         */
        public Builder prepareSessions(boolean prepare) {
            this.prepareSessions = prepare;
            return this;
        }

        /**
         * The longest a prepared session due for opening waits for running cold starts to finish, and the longest a
         * cold start counts as running (default {@link PreparedSessions#MAX_DEFERRAL}; tests).
         */
        Builder maxDeferral(Duration maxDeferral) {
            this.maxDeferral = Objects.requireNonNull(maxDeferral);
            return this;
        }

        public Builder sandbox(Sandbox sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox);
            return this;
        }

        /** Where sessions keep their per-session files (plain {@code /tmp} directories, scratch); must exist or be creatable. */
        public Builder scratchDir(Path scratchDir) {
            this.scratchDir = Objects.requireNonNull(scratchDir);
            return this;
        }

        /** Host paths no function may see (Lamina's data directory); bubblewrap sessions hide them. */
        public Builder hiddenPaths(List<Path> hiddenPaths) {
            this.hiddenPaths = List.copyOf(hiddenPaths);
            return this;
        }

        /** Where {@code /tmp} lives (default tmpfs: size-limited, charged to the function's memory). */
        public Builder tmpStorage(TmpStorage tmpStorage) {
            this.tmpStorage = Objects.requireNonNull(tmpStorage);
            return this;
        }

        /**
         * Host loopback ports that functions in isolated networks reach at {@code 127.0.0.1:<port>} (TCP, relayed by
         * Lamina); without an isolated network every host port is reachable anyway.
         */
        public Builder hostPorts(List<Integer> ports) {
            for (int p : ports) {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("not a TCP port: " + p);
                }
                if (p == EnvironmentSandbox.RUNTIME_API_PORT) {
                    throw new IllegalArgumentException("host port " + p + " cannot be forwarded: it is the Runtime "
                            + "API's port inside every environment");
                }
            }
            this.hostPorts = List.copyOf(new java.util.LinkedHashSet<>(ports));
            return this;
        }

        public Builder logSink(LogSink logSink) {
            this.logSink = Objects.requireNonNull(logSink);
            return this;
        }

        /** Wall time: log timestamps, {@code Lambda-Runtime-Deadline-Ms}, log stream dates. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Monotonic time for durations (default {@link System#nanoTime()}). */
        public Builder ticker(LongSupplier nanoTime) {
            Objects.requireNonNull(nanoTime);
            this.ticker = nanoTime::getAsLong;
            return this;
        }

        public Builder memoryProbe(MemoryProbe memoryProbe) {
            this.memoryProbe = Objects.requireNonNull(memoryProbe);
            return this;
        }

        /** The init phase limit (Lambda: 10 s). */
        public Builder initTimeout(Duration initTimeout) {
            this.initTimeout = Objects.requireNonNull(initTimeout);
            return this;
        }

        /** Observes every runtime state transition (tests record them). */
        Builder transitions(Consumer<StateOutcome.Transition> transitions) {
            this.transitions = Objects.requireNonNull(transitions);
            return this;
        }

        /** Observes every environment lifecycle transition (tests record them). */
        Builder lifecycle(Consumer<EnvironmentLifecycle.Transition> lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle);
            return this;
        }

        /** How idle environments are frozen (default: the session's cgroup freezer). */
        Builder freezer(Freezer freezer) {
            this.freezer = Objects.requireNonNull(freezer);
            return this;
        }

        public LocalEnvironmentFactory build() {
            boolean owns = group == null;
            EnvironmentSandbox confinement = new EnvironmentSandbox(sandbox != null ? sandbox : Sandboxes.detect(),
                    scratchDir != null ? scratchDir : newScratchDir(), hiddenPaths, tmpStorage, hostPorts,
                    new java.util.concurrent.atomic.AtomicReference<>());
            EventLoopGroup g = owns ? new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory()) : group;
            return new LocalEnvironmentFactory(
                    new Settings(g, confinement, logSink, clock, ticker, memoryProbe, initTimeout, freezer, lifecycle), owns, transitions,
                    prepareSessions, maxDeferral);
        }

        private static Path newScratchDir() {
            try {
                return Files.createTempDirectory("lamina-sandbox-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a scratch directory for sandbox sessions", e);
            }
        }
    }
}
