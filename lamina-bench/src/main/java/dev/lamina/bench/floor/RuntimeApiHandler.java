package dev.lamina.bench.floor;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The floor's Runtime API for one runtime of a function (one port per runtime, as Lamina has one per environment): {@code GET …/invocation/next} and {@code POST …/{id}/response}. Anything
 * else (errors, init errors) is answered 202 without effect: benchmark runtimes do not use them.
 */
@io.netty.channel.ChannelHandler.Sharable
final class RuntimeApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String NEXT = "/2018-06-01/runtime/invocation/next";
    private static final String INVOCATION = "/2018-06-01/runtime/invocation/";
    private static final String RESPONSE = "/response";

    private final FloorFunction function;
    /** Cleared by the runtime's first {@code next}: it has started. */
    private final AtomicBoolean fresh = new AtomicBoolean(true);

    RuntimeApiHandler(FloorFunction function) {
        this.function = function;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String uri = request.uri();
        if (request.method() == HttpMethod.GET && uri.equals(NEXT)) {
            function.next(ctx.channel(), keepAlive, fresh.getAndSet(false));
        } else if (request.method() == HttpMethod.POST && uri.startsWith(INVOCATION) && uri.endsWith(RESPONSE)) {
            String requestId = uri.substring(INVOCATION.length(), uri.length() - RESPONSE.length());
            function.response(ctx.channel(), requestId, ByteBufUtil.getBytes(request.content()),
                    request.headers().get(HttpHeaderNames.CONTENT_TYPE), keepAlive);
        } else {
            FullHttpResponse accepted = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED,
                    Unpooled.EMPTY_BUFFER);
            accepted.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            FloorFunction.write(ctx.channel(), accepted, keepAlive);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        function.runtimeGone(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
