package dev.lamina.bench.floor;

import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.service.runtime.ResolvedRuntime;
import dev.lamina.service.runtime.RuntimeCatalog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The physical floor: the HTTP exchanges a Lambda invoke needs, and nothing else. A caller's Invoke is handed to the
 * runtime parked in {@code GET …/invocation/next}; the runtime's {@code POST …/response} is handed back to the
 * caller. No registry, lifecycle, telemetry or logging; same HTTP stack as Lamina (Netty 4.2, HTTP/1.1 codec and an
 * aggregator, two NIO event loops), one Runtime API port per runtime as Lamina has one per environment, and the
 * same runtime processes, started when an invoke finds none parked (cold) and kept (warm) until {@link #recycle}.
 */
public final class FloorServer implements AutoCloseable {

    static final String REGION = "us-east-1";
    private static final String ARN_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:";
    private static final int MAX_BODY = 6 * 1024 * 1024 + 100;

    private final Path workDir;
    private final Supplier<RuntimeCatalog> managedRuntimes;
    private final Map<String, FloorFunction> functions = new ConcurrentHashMap<>();
    /** A runtime and its Runtime API port. */
    private record Started(FloorRuntime runtime, Channel api) {}

    /** Every runtime started per function (several when invokes overlap, as Lamina's pool runs several). */
    private final Map<String, List<Started>> runtimes = new ConcurrentHashMap<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("floor-starter").daemon().factory());
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;

    /**
     * @param workDir         where function code is extracted
     * @param managedRuntimes the managed runtimes (for {@code java21}), laid out as Lamina lays them out; asked only
     *                        when a function needs one
     */
    public FloorServer(Path workDir, Supplier<RuntimeCatalog> managedRuntimes) {
        this.workDir = workDir;
        this.managedRuntimes = managedRuntimes;
    }

    /** Starts the caller-facing port; returns its address. */
    public InetSocketAddress start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Channel front = bind(new FrontHandler(functions));
        return (InetSocketAddress) front.localAddress();
    }

    /**
     * Deploys a function: extracts its code. Its runtimes start when invokes find none parked, each with a Runtime
     * API port of its own (as each Lamina environment has one).
     */
    public void deploy(BenchFunction fn) {
        Path taskRoot = workDir.resolve("functions").resolve(fn.name());
        try {
            Files.createDirectories(taskRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fn.extractTo(taskRoot);
        FloorFunction function = new FloorFunction(fn.name(), ARN_PREFIX + fn.name(),
                TimeUnit.SECONDS.toMillis(BenchFunction.TIMEOUT_SECONDS));
        Path runtimeDir = null;
        String executionEnv = null;
        Path bootstrap = taskRoot.resolve("bootstrap");
        if (!fn.runtime().startsWith("provided")) {
            ResolvedRuntime managed = managedRuntimes.get().resolve(fn.runtime());
            runtimeDir = managed.runtimeDir();
            executionEnv = managed.executionEnv();
            bootstrap = runtimeDir.resolve("bootstrap");
        }
        List<Started> started = new CopyOnWriteArrayList<>();
        Path bootstrapPath = bootstrap;
        Path runtimeDirPath = runtimeDir;
        String execEnv = executionEnv;
        // off the event loop: binding a port waits for it
        function.onColdInvoke(() -> starter.execute(() -> {
            try {
                Channel api = bind(new RuntimeApiHandler(function));
                FloorRuntime runtime = new FloorRuntime(bootstrapPath, taskRoot, FloorRuntime.lambdaEnv(fn.name(),
                        fn.handler(), taskRoot, runtimeDirPath, execEnv,
                        "127.0.0.1:" + ((InetSocketAddress) api.localAddress()).getPort(), fn.env()));
                started.add(new Started(runtime, api));
                runtime.ensureStarted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        runtimes.put(fn.name(), started);
        functions.put(fn.name(), function);
    }

    /** Kills the function's runtimes: its next invoke starts a new one (a cold start). */
    public void recycle(String functionName) {
        List<Started> started = runtimes.get(functionName);
        if (started != null) {
            for (Started r : started) {
                r.runtime().stop();
                r.api().close();
                channels.remove(r.api());
            }
            started.clear();
        }
        FloorFunction function = functions.get(functionName);
        if (function != null) {
            function.runtimesKilled();
        }
    }

    /** Runtime processes alive, over all functions (the floor's counterpart of Lamina's environments). */
    public int runtimesAlive() {
        int n = 0;
        for (List<Started> started : runtimes.values()) {
            for (Started r : started) {
                n += r.runtime().alive() ? 1 : 0;
            }
        }
        return n;
    }

    @Override
    public void close() {
        starter.shutdownNow();
        runtimes.values().forEach(started -> started.forEach(r -> r.runtime().stop()));
        channels.forEach(c -> c.close().syncUninterruptibly());
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private Channel bind(ChannelHandler handler) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handler);
                    }
                });
        Channel channel = bootstrap.bind("127.0.0.1", 0).sync().channel();
        channels.add(channel);
        return channel;
    }
}
