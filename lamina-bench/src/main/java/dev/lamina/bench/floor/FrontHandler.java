package dev.lamina.bench.floor;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** The floor's caller side: {@code POST /2015-03-31/functions/{name}/invocations} and nothing else. */
@io.netty.channel.ChannelHandler.Sharable
final class FrontHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PREFIX = "/2015-03-31/functions/";
    static final String SUFFIX = "/invocations";

    private final Map<String, FloorFunction> functions;

    FrontHandler(Map<String, FloorFunction> functions) {
        this.functions = functions;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        FloorFunction f = null;
        if (path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length()) {
            f = functions.get(path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
        }
        if (f == null) {
            FullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
            notFound.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            FloorFunction.write(ctx.channel(), notFound, keepAlive);
            return;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json");
        f.invoke(ctx.channel(), ByteBufUtil.getBytes(request.content()), contentType, keepAlive);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
