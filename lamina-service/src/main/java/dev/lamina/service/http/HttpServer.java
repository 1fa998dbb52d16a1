package dev.lamina.service.http;

import dev.lamina.service.core.ConcurrencyService;
import dev.lamina.service.core.FunctionService;
import dev.lamina.service.core.Identity;
import dev.lamina.service.core.LayerService;
import dev.lamina.service.invoke.InvokeService;
import dev.lamina.service.invoke.TraceIds;
import dev.lamina.service.logs.FunctionLogStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The control API's Netty server. Pipeline: HTTP/1.1 codec → {@link RequestSizeGuard} → {@link BoundedAggregator} →
 * ({@link LogsChannelHandler}, for {@code /lamina/logs/}) → {@link ApiChannelHandler}. Plain HTTP/1.1 only; an {@code Upgrade: h2c} request is answered in HTTP/1.1.
 */
public final class HttpServer implements AutoCloseable {

    private final ControlApi api;
    private final Executor executor;
    private final LogsChannelHandler.Factory logs;
    /** Null: {@link #start} creates and owns a group; else given and shut down by whoever gave it. */
    private final EventLoopGroup given;
    private EventLoopGroup group;
    private Channel channel;
    /** Every open connection, so {@link #close()} can close them after writes queued before it. */
    private final ChannelGroup connections = new DefaultChannelGroup("lamina-api", GlobalEventExecutor.INSTANCE);

    /** @param executor runs each request's handling (virtual threads) */
    public HttpServer(FunctionService functions, ConcurrencyService concurrency, LayerService layers, InvokeService invokes, Identity identity,
            TraceIds traceIds, Executor executor) {
        this(functions, concurrency, layers, invokes, identity, traceIds, executor, null, null);
    }

    /**
     * @param logs   serves {@code GET /lamina/logs/{FunctionName}}; null: no logs endpoint
     * @param loops  the event loops to serve from (NIO-capable; not shut down by {@link #close()}); null: the server
     *               creates its own two and shuts them down on close
     */
    public HttpServer(FunctionService functions, ConcurrencyService concurrency, LayerService layers, InvokeService invokes, Identity identity,
            TraceIds traceIds, Executor executor, FunctionLogStore logs, EventLoopGroup loops) {
        this.given = loops;
        this.api = new ControlApi(functions, concurrency, layers, invokes, identity, traceIds);
        this.executor = executor;
        this.logs = logs == null ? null : () -> new LogsChannelHandler(logs, functions, identity, executor);
    }

    /** Binds and starts serving; returns the bound address (port 0 binds any free port). */
    public InetSocketAddress start(String bindAddress, int port) throws InterruptedException {
        group = given != null ? given : new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new RequestSizeGuard(), new BoundedAggregator());
                        if (logs != null) {
                            ch.pipeline().addLast(logs.create());
                        }
                        ch.pipeline().addLast(new ApiChannelHandler(api, executor));
                    }
                });
        try {
            channel = bootstrap.bind(bindAddress, port).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            if (given == null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw e;
        }
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Stops accepting new connections; open ones keep being served (a log follower can still be sent its last lines
     * and a clean end while Lamina stops). Idempotent.
     */
    public void stopAccepting() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    /**
     * Stops accepting and closes every connection: writes queued before this call (a follower's last chunk) go out
     * first, since each connection's close runs on its event loop after them.
     */
    @Override
    public void close() {
        stopAccepting();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (group != null && given == null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
