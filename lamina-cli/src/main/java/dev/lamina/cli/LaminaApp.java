package dev.lamina.cli;

import dev.lamina.environment.LocalEnvironmentFactory;
import dev.lamina.sandbox.Sandboxes;
import dev.lamina.service.LaminaServer;
import dev.lamina.service.ServiceSettings;
import dev.lamina.service.invoke.PoolSettings;
import dev.lamina.service.invoke.PoolStats;
import dev.lamina.service.logs.FunctionLogStore;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a whole Lamina: sandbox, environment factory and control plane, wired once. {@code serve}
 * and the integration tests both start Lamina through here, so they run exactly the same thing.
 */
public final class LaminaApp implements AutoCloseable {
    private static final Logger FUNCTION_LOG = LoggerFactory.getLogger("function");

    /**
     * @param javaRuntimeLib the managed Java runtime's jars; null when not available
     * @param pool           account concurrency limit, start slots and idle timeout of the environment pool
     * @param logBytesPerFunction the most one function's log group keeps in {@code <data>/logs} (oldest streams go
     *                       first)
     */
    public record Options(Path dataDir, String bindAddress, int port, String region, String accountId,
            Path javaRuntimeLib, PoolSettings pool, long logBytesPerFunction, Network network) {

        /** With the default network (isolated where possible, no host ports). */
        public Options(Path dataDir, String bindAddress, int port, String region, String accountId,
                Path javaRuntimeLib, PoolSettings pool, long logBytesPerFunction) {
            this(dataDir, bindAddress, port, region, accountId, javaRuntimeLib, pool, logBytesPerFunction,
                    Network.DEFAULT);
        }

        /** A copy with another network setting. */
        public Options withNetwork(Network n) {
            return new Options(dataDir, bindAddress, port, region, accountId, javaRuntimeLib, pool,
                    logBytesPerFunction, n);
        }

        /** With the default log bound. */
        public Options(Path dataDir, String bindAddress, int port, String region, String accountId,
                Path javaRuntimeLib, PoolSettings pool) {
            this(dataDir, bindAddress, port, region, accountId, javaRuntimeLib, pool,
                    FunctionLogStore.DEFAULT_MAX_BYTES_PER_FUNCTION);
        }

        /** With the default pool settings and log bound. */
        public Options(Path dataDir, String bindAddress, int port, String region, String accountId,
                Path javaRuntimeLib) {
            this(dataDir, bindAddress, port, region, accountId, javaRuntimeLib, PoolSettings.defaults());
        }
    }

    /**
     * The environments' network.
     *
     * @param isolate   a network namespace per environment where possible (root); false: the host's network
     * @param hostPorts host loopback ports functions in isolated networks reach at {@code 127.0.0.1:<port>}
     * @param egress    outbound network for isolated environments through {@code slirp4netns} where installed; false: none
     *                  but the host ports and Lamina's API
     */
    public record Network(boolean isolate, List<Integer> hostPorts, boolean egress) {
        public static final Network DEFAULT = new Network(true, List.of());

        public Network {
            hostPorts = List.copyOf(hostPorts);
        }

        /** With egress where slirp4netns is installed. */
        public Network(boolean isolate, List<Integer> hostPorts) {
            this(isolate, hostPorts, true);
        }
    }

    private final EventLoopGroup loops;
    private final LocalEnvironmentFactory environments;
    private final LaminaServer server;
    private final FunctionLogStore logs;
    private final URI endpoint;

    private LaminaApp(EventLoopGroup loops, LocalEnvironmentFactory environments, LaminaServer server,
            FunctionLogStore logs, URI endpoint) {
        this.loops = loops;
        this.environments = environments;
        this.server = server;
        this.logs = logs;
        this.endpoint = endpoint;
    }

    public static LaminaApp start(Options options) throws InterruptedException {
        Path dataDir = options.dataDir().toAbsolutePath();
        // every environment line goes to stderr (how serve shows function output) and to the function's log group
        FunctionLogStore logs = new FunctionLogStore(dataDir.resolve("logs"), options.logBytesPerFunction(),
                FunctionLogStore.DEFAULT_QUEUE_CAPACITY);
        // one group of event loops for the control API and every environment's Runtime API, as the bench's floor
        // has (D81): a reply written from one to the other then need not wake a second group's loop
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        LocalEnvironmentFactory environments = LocalEnvironmentFactory.builder()
                .eventLoopGroup(loops)
                .sandbox(Sandboxes.detect(options.network().isolate(), options.network().egress())) // logs which, why
                .hostPorts(options.network().hostPorts())
                .prepareSessions(true) // the next environment's session opens ahead of demand (D60)
                .scratchDir(dataDir.resolve("sandbox"))
                .hiddenPaths(List.of(dataDir))
                .logSink((logGroup, environmentId, logStream, time, line) -> {
                    FUNCTION_LOG.info("{} {}", logStream, line);
                    logs.line(logGroup, environmentId, logStream, time, line);
                })
                .build();
        ServiceSettings settings = new ServiceSettings(options.dataDir(), options.bindAddress(), options.port(),
                options.region(), options.accountId(), options.javaRuntimeLib(), environments,
                ServiceSettings.DEFAULT_WAIT_MARGIN).withPool(options.pool()).withEventLoops(loops);
        LaminaServer server = new LaminaServer(settings, logs);
        try {
            int port = server.start();
            environments.exposeApi(new InetSocketAddress(options.bindAddress(), port)); // as http://lamina:<port>
            return new LaminaApp(loops, environments, server, logs,
                    URI.create("http://" + options.bindAddress() + ":" + port));
        } catch (RuntimeException | InterruptedException e) {
            environments.close();
            shutDown(loops);
            logs.close();
            throw e;
        }
    }

    /** Which sandbox confines the functions: {@code bubblewrap} or {@code plain}. */
    public String sandboxKind() {
        return environments.sandboxKind();
    }

    /**
     * The environments' network: {@code shared} (the host's) or {@code isolated} (a namespace each), with whether
     * they have outbound network, e.g. {@code isolated, outbound through slirp4netns}.
     */
    public String networkKind() {
        return environments.networkKind();
    }

    /** The Lambda API's base URL, e.g. {@code http://127.0.0.1:9001}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A snapshot of the environment pool (the benchmark reports how many environments a scenario used). */
    public PoolStats poolStats() {
        return server.poolStats();
    }

    /** The Java runtime's jars named by {@code -Dlamina.javaRuntimeLib}, or null when unset or missing. */
    public static Path javaRuntimeLib() {
        String dir = System.getProperty("lamina.javaRuntimeLib");
        return dir != null && Files.isDirectory(Path.of(dir)) ? Path.of(dir) : null;
    }

    /** Stops serving and shuts every environment down, leaving no process behind. Idempotent. */
    @Override
    public void close() {
        server.close();
        environments.close();
        shutDown(loops); // after the control API and every environment: both serve from it
        logs.close(); // last: the environments' shutdown lines are written too
    }

    private static void shutDown(EventLoopGroup loops) {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The function logs ({@code <data>/logs}). */
    public FunctionLogStore logs() {
        return logs;
    }
}
