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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The physical floor: the HTTP exchanges a Lambda invoke needs, and nothing else. A caller's Invoke is handed to the
 * runtime parked in {@code GET …/invocation/next}; the runtime's {@code POST …/response} is handed back to the
 * caller. No registry, lifecycle, telemetry or logging; same HTTP stack as Lamina (Netty 4.2, HTTP/1.1 codec and an
 * aggregator, two NIO event loops), one Runtime API port per function as Lamina has one per environment, and the
 * same runtime processes, started on the first invoke (cold) and kept (warm) until {@link #recycle}.
 */
public final class FloorServer implements AutoCloseable {

    static final String REGION = "us-east-1";
    private static final String ARN_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:";
    private static final int MAX_BODY = 6 * 1024 * 1024 + 100;

    private final Path workDir;
    private final Supplier<RuntimeCatalog> managedRuntimes;
    private final Map<String, FloorFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, FloorRuntime> runtimes = new ConcurrentHashMap<>();
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

    /** Deploys a function: extracts its code and opens its Runtime API port. The runtime starts on first invoke. */
    public void deploy(BenchFunction fn) throws InterruptedException {
        Path taskRoot = workDir.resolve("functions").resolve(fn.name());
        try {
            Files.createDirectories(taskRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fn.extractTo(taskRoot);
        FloorFunction function = new FloorFunction(fn.name(), ARN_PREFIX + fn.name(),
                TimeUnit.SECONDS.toMillis(BenchFunction.TIMEOUT_SECONDS));
        Channel api = bind(new RuntimeApiHandler(function));
        InetSocketAddress address = (InetSocketAddress) api.localAddress();
        Path runtimeDir = null;
        String executionEnv = null;
        Path bootstrap = taskRoot.resolve("bootstrap");
        if (!fn.runtime().startsWith("provided")) {
            ResolvedRuntime managed = managedRuntimes.get().resolve(fn.runtime());
            runtimeDir = managed.runtimeDir();
            executionEnv = managed.executionEnv();
            bootstrap = runtimeDir.resolve("bootstrap");
        }
        FloorRuntime runtime = new FloorRuntime(bootstrap, taskRoot, FloorRuntime.lambdaEnv(fn.name(), fn.handler(),
                taskRoot, runtimeDir, executionEnv, "127.0.0.1:" + address.getPort(), fn.env()));
        function.onColdInvoke(runtime::ensureStarted);
        runtimes.put(fn.name(), runtime);
        functions.put(fn.name(), function);
    }

    /** Kills the function's runtime: its next invoke starts a new one (a cold start). */
    public void recycle(String functionName) {
        FloorRuntime runtime = runtimes.get(functionName);
        if (runtime != null) {
            runtime.stop();
        }
        FloorFunction function = functions.get(functionName);
        if (function != null) {
            function.runtimeKilled();
        }
    }

    @Override
    public void close() {
        runtimes.values().forEach(FloorRuntime::stop);
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
