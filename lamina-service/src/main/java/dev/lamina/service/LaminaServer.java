package dev.lamina.service;

import dev.lamina.service.code.CodeStore;
import dev.lamina.service.core.FunctionService;
import dev.lamina.service.core.Identity;
import dev.lamina.service.core.LayerRegistry;
import dev.lamina.service.core.LayerService;
import dev.lamina.service.http.HttpServer;
import dev.lamina.service.core.ConcurrencyService;
import dev.lamina.service.core.Reservations;
import dev.lamina.service.invoke.EnvironmentPool;
import dev.lamina.service.invoke.PoolStats;
import dev.lamina.service.invoke.Scheduler;
import dev.lamina.service.invoke.InvokeService;
import dev.lamina.service.invoke.TraceIds;
import dev.lamina.service.logs.FunctionLogStore;
import dev.lamina.service.registry.Database;
import dev.lamina.service.registry.JdbcConcurrencyRegistry;
import dev.lamina.service.registry.JdbcFunctionRegistry;
import dev.lamina.service.registry.JdbcLayerRegistry;
import dev.lamina.service.registry.MigrationRunner;
import dev.lamina.service.runtime.JdkLocator;
import dev.lamina.service.runtime.ManagedRuntimeInstaller;
import dev.lamina.service.runtime.RuntimeCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's composition root: the registry, code store, managed runtimes, the environment pool and the REST API,
 * wired from {@link ServiceSettings}.
 *
 * <pre>{@code
 * try (LaminaServer server = new LaminaServer(ServiceSettings.defaults(dataDir, javaLib, factory).withPort(0))) {
 *     int port = server.start();
 *     ...
 * }
 * }</pre>
 */
public final class LaminaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LaminaServer.class);

    private final ServiceSettings settings;
    private final FunctionLogStore givenLogs;
    private FunctionLogStore ownLogs;
    private Database database;
    private EnvironmentPool pool;
    private ScheduledExecutorService timers;
    private ExecutorService executor;
    private HttpServer http;
    private InetSocketAddress address;

    /** Reads function logs from {@code <data>/logs} (what a {@link FunctionLogStore} there wrote) but keeps none. */
    public LaminaServer(ServiceSettings settings) {
        this(settings, null);
    }

    /**
     * @param logs the function logs the environments write to (the factory's log sink), served on
     *             {@code /lamina/logs/}; the caller closes it, after this server and the environments. Null: a store
     *             over {@code <data>/logs} that this server owns
     */
    public LaminaServer(ServiceSettings settings, FunctionLogStore logs) {
        this.settings = settings;
        this.givenLogs = logs;
    }

    /**
     * Opens (migrating) the registry, installs the managed runtimes and starts serving.
     *
     * @return the bound port
     * @throws IllegalStateException when already started
     */
    public synchronized int start() throws InterruptedException {
        if (http != null) {
            throw new IllegalStateException("already started on " + address);
        }
        Path data = settings.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(data);
            database = Database.open(data.resolve("registry"));
            new MigrationRunner("db/migration").migrate(database);
            CodeStore code = new CodeStore(data.resolve("code"));
            RuntimeCatalog runtimes = new ManagedRuntimeInstaller(JdkLocator.system(), settings.javaRuntimeLib())
                    .install(data.resolve("runtimes"));
            Identity identity = new Identity(settings.region(), settings.accountId());
            executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lamina-api-", 0).factory());
            Reservations reservations = new Reservations(new JdbcConcurrencyRegistry(database));
            Scheduler scheduler = settings.scheduler();
            if (scheduler == null) {
                ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                        Thread.ofPlatform().name("lamina-pool-timer").daemon().factory());
                timers.setRemoveOnCancelPolicy(true);
                this.timers = timers;
                scheduler = Scheduler.of(timers);
            }
            pool = new EnvironmentPool(settings.environmentFactory(), settings.pool(), reservations,
                    scheduler);
            LayerRegistry layerRegistry = new JdbcLayerRegistry(database);
            FunctionService functions = new FunctionService(new JdbcFunctionRegistry(database), layerRegistry, code,
                    runtimes, pool, identity, InstantSource.system(), reservations);
            ConcurrencyService concurrency = new ConcurrencyService(functions, reservations, identity,
                    settings.pool().accountConcurrency());
            LayerService layers = new LayerService(layerRegistry, code, identity, InstantSource.system());
            InvokeService invokes = new InvokeService(functions, code, runtimes, pool, identity,
                    settings.invokeWaitMargin(), executor);
            FunctionLogStore logs = givenLogs;
            if (logs == null) {
                logs = ownLogs = new FunctionLogStore(data.resolve("logs"));
            }
            http = new HttpServer(functions, concurrency, layers, invokes, identity,
                    new TraceIds(InstantSource.system()), executor, logs, settings.eventLoops());
            address = http.start(settings.bindAddress(), settings.port());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot prepare the data directory " + data, e);
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        LOG.info("Lamina control API on http://{}:{} (data {})", address.getHostString(), address.getPort(), data);
        return address.getPort();
    }

    /** The bound port; only after {@link #start()}. */
    public synchronized int port() {
        if (address == null) {
            throw new IllegalStateException("not started");
        }
        return address.getPort();
    }

    /**
     * A snapshot of the environment pool: concurrency, busy and idle environments, cold starts, throttles; only after
     * {@link #start()}. Still answers after {@link #close()} (everything then closed).
     */
    public synchronized PoolStats poolStats() {
        if (pool == null) {
            throw new IllegalStateException("not started");
        }
        return pool.stats();
    }

    /** Stops serving, shuts every execution environment down and closes the registry. Idempotent. */
    @Override
    public synchronized void close() {
        // Order: no new connections; environments shut down (their last lines still reach the log store and its
        // followers); the log store ends every follower with a clean last chunk; then connections close.
        if (http != null) {
            http.stopAccepting();
        }
        if (pool != null) {
            pool.close();
        }
        if (ownLogs != null) {
            ownLogs.close();
            ownLogs = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
        if (timers != null) {
            timers.shutdownNow();
            timers = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
