package dev.lamina.environment.runtimeapi;

import dev.lamina.protocol.runtime.RuntimeApi;
import dev.lamina.sandbox.SandboxNetwork;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One environment's Runtime API and Extensions API endpoint (one port, as on Lambda): HTTP/1.1 on 127.0.0.1, at
 * Lambda's port 9001 in the environment's own network, or an ephemeral port on the host's shared network.
 * {@code Upgrade: h2c} is ignored (answers stay HTTP/1.1). The event loop group is shared and must support NIO
 * channels: the listening socket is opened in the environment's network, then handed to Netty.
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeApiServer.class);
    private final Channel serverChannel;
    private final ChannelGroup channels;

    private RuntimeApiServer(Channel serverChannel, ChannelGroup channels) {
        this.serverChannel = serverChannel;
        this.channels = channels;
    }

    /** Binds 127.0.0.1:0; blocks until bound (call it off the event loops). */
    public static RuntimeApiServer bind(EventLoopGroup group, RuntimeApiCore core, ExtensionsApiCore extensions)
            throws InterruptedException {
        return bind(group, core, extensions, TelemetryApiCore.NONE);
    }

    /** Binds 127.0.0.1:0 with the Logs/Telemetry API subscribe routes too; blocks until bound. */
    public static RuntimeApiServer bind(EventLoopGroup group, RuntimeApiCore core, ExtensionsApiCore extensions,
            TelemetryApiCore telemetry) throws InterruptedException {
        return bind(group, SandboxNetwork.host(), 0, core, extensions, telemetry);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0: ephemeral) in {@code network}, with all routes; blocks until bound.
     *
     * @throws UncheckedIOException when the socket cannot be opened in the network
     */
    public static RuntimeApiServer bind(EventLoopGroup group, SandboxNetwork network, int port, RuntimeApiCore core,
            ExtensionsApiCore extensions, TelemetryApiCore telemetry) throws InterruptedException {
        ServerSocketChannel socket = open(network);
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Channel channel = bootstrap(group, socket, channels, core, extensions, telemetry)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .sync()
                .channel();
        return new RuntimeApiServer(channel, channels);
    }

    private static ServerSocketChannel open(SandboxNetwork network) {
        try {
            return network.openServerSocket();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Runtime API socket in the " + network.description()
                    + " network", e);
        }
    }

    /**
     * Opens the Runtime API's socket in {@code network}, bound to 127.0.0.1:{@code port} (0: ephemeral) and listening,
     * for {@link #serve}: opened ahead of demand, a runtime's connections wait in its backlog until it is served.
     *
     * @throws UncheckedIOException when the socket cannot be opened or bound in the network
     */
    public static ServerSocketChannel listen(SandboxNetwork network, int port) {
        ServerSocketChannel socket = open(network);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            socket.bind(address, NetUtil.SOMAXCONN); // Netty's own default backlog, as bind(…) has it
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot bind the Runtime API to " + address + " in the "
                    + network.description() + " network", e);
        }
    }

    /**
     * Serves all routes on {@code socket} (from {@link #listen}, bound already) without waiting for the event loop
     * to take it: connections made meanwhile wait in the socket's backlog, so the environment's processes may start
     * at once. Takes ownership of the socket.
     */
    public static RuntimeApiServer serve(EventLoopGroup group, ServerSocketChannel socket, RuntimeApiCore core,
            ExtensionsApiCore extensions, TelemetryApiCore telemetry) {
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ChannelFuture registered = bootstrap(group, socket, channels, core, extensions, telemetry).register();
        registered.addListener(f -> {
            if (!f.isSuccess()) {
                LOG.error("cannot serve the Runtime API on {}", socket, f.cause());
            }
        });
        return new RuntimeApiServer(registered.channel(), channels);
    }

    private static ServerBootstrap bootstrap(EventLoopGroup group, ServerSocketChannel socket, ChannelGroup channels,
            RuntimeApiCore core, ExtensionsApiCore extensions, TelemetryApiCore telemetry) {
        return new ServerBootstrap()
                .group(group)
                .channelFactory(() -> new NioServerSocketChannel(socket))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(),
                                new BoundedRequestAggregator(RuntimeApi.MAX_PAYLOAD_BYTES),
                                new RuntimeApiRoutes(core, extensions, telemetry));
                    }
                });
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String hostPort() {
        return address().getAddress().getHostAddress() + ":" + address().getPort();
    }

    /** Closes the listening port and every open connection; blocks until done. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        channels.close().syncUninterruptibly();
    }
}
