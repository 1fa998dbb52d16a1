package dev.lamina.service;

import dev.lamina.environment.EnvironmentFactory;
import dev.lamina.service.invoke.PoolSettings;
import dev.lamina.service.invoke.Scheduler;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link LaminaServer} needs.
 *
 * @param dataDir            where Lamina keeps its state: {@code registry*} (H2), {@code code/}, {@code runtimes/},
 *                           {@code logs/} (function logs),
 *                           {@code tmp/}
 * @param bindAddress        the control API's address, e.g. {@code 127.0.0.1}
 * @param port               the control API's port; 0 binds any free port ({@link LaminaServer#start()} reports it)
 * @param region             the region in ARNs and {@code AWS_REGION}, e.g. {@code us-east-1}
 * @param accountId          the 12-digit account in ARNs
 * @param javaRuntimeLib     the directory with the Java runtime interface client jars; may be null (Java functions
 *                           then have no runtime client to start)
 * @param environmentFactory creates execution environments
 * @param invokeWaitMargin   how much longer than a function's timeout an invoke waits for its result before its
 *                           environment is considered broken
 * @param pool               how far the environment pool scales: account concurrency, start slots, idle timeout
 * @param scheduler          runs the idle spin-down timers; null for a real one that {@link LaminaServer} owns
 * @param eventLoops         the event loops (NIO-capable) serving the control API; null: the control API creates and
 *                           owns its own. {@code LaminaApp} passes the group its environments use too (D81), so a
 *                           reply does not wake a second group's loop; the caller shuts a given group down, after
 *                           {@link LaminaServer#close()} and the environments' factory
 */
public record ServiceSettings(
        Path dataDir,
        String bindAddress,
        int port,
        String region,
        String accountId,
        Path javaRuntimeLib,
        EnvironmentFactory environmentFactory,
        Duration invokeWaitMargin,
        PoolSettings pool,
        Scheduler scheduler,
        EventLoopGroup eventLoops) {

    public static final int DEFAULT_PORT = 9001;
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final Duration DEFAULT_WAIT_MARGIN = Duration.ofSeconds(10);

    public ServiceSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(environmentFactory, "environmentFactory");
        Objects.requireNonNull(invokeWaitMargin, "invokeWaitMargin");
        Objects.requireNonNull(pool, "pool");
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits: " + accountId);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** With the default pool settings and a real scheduler. */
    public ServiceSettings(Path dataDir, String bindAddress, int port, String region, String accountId,
            Path javaRuntimeLib, EnvironmentFactory environmentFactory, Duration invokeWaitMargin) {
        this(dataDir, bindAddress, port, region, accountId, javaRuntimeLib, environmentFactory, invokeWaitMargin,
                PoolSettings.defaults(), null, null);
    }

    /** The defaults: 127.0.0.1:9001, us-east-1, account 000000000000, a 10 s wait margin, the default pool. */
    public static ServiceSettings defaults(Path dataDir, Path javaRuntimeLib, EnvironmentFactory environmentFactory) {
        return new ServiceSettings(dataDir, DEFAULT_BIND_ADDRESS, DEFAULT_PORT, DEFAULT_REGION, DEFAULT_ACCOUNT,
                javaRuntimeLib, environmentFactory, DEFAULT_WAIT_MARGIN);
    }

    public ServiceSettings withPort(int newPort) {
        return new ServiceSettings(dataDir, bindAddress, newPort, region, accountId, javaRuntimeLib,
                environmentFactory, invokeWaitMargin, pool, scheduler, eventLoops);
    }

    public ServiceSettings withBindAddress(String newBindAddress) {
        return new ServiceSettings(dataDir, newBindAddress, port, region, accountId, javaRuntimeLib,
                environmentFactory, invokeWaitMargin, pool, scheduler, eventLoops);
    }

    public ServiceSettings withInvokeWaitMargin(Duration margin) {
        return new ServiceSettings(dataDir, bindAddress, port, region, accountId, javaRuntimeLib,
                environmentFactory, margin, pool, scheduler, eventLoops);
    }

    public ServiceSettings withPool(PoolSettings newPool) {
        return new ServiceSettings(dataDir, bindAddress, port, region, accountId, javaRuntimeLib,
                environmentFactory, invokeWaitMargin, newPool, scheduler, eventLoops);
    }

    public ServiceSettings withScheduler(Scheduler newScheduler) {
        return new ServiceSettings(dataDir, bindAddress, port, region, accountId, javaRuntimeLib,
                environmentFactory, invokeWaitMargin, pool, newScheduler, eventLoops);
    }

    /** Serves the control API from {@code group} (not owned: the caller shuts it down after closing the server). */
    public ServiceSettings withEventLoops(EventLoopGroup group) {
        return new ServiceSettings(dataDir, bindAddress, port, region, accountId, javaRuntimeLib,
                environmentFactory, invokeWaitMargin, pool, scheduler, Objects.requireNonNull(group));
    }
}
