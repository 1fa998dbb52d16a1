package dev.lamina.service.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** Writes an {@link ApiResponse} to a channel, with {@code x-amzn-RequestId} and the connection handling. */
final class NettyResponses {

    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    private NettyResponses() {}

    /**
     * Writes and flushes; closes the connection afterwards unless {@code keepAlive}, in which case reading resumes
     * (reading is paused while a request is being handled, so responses keep their order).
     */
    static ChannelFuture write(ChannelHandlerContext ctx, ApiResponse response, String requestId, boolean keepAlive) {
        if (ctx.executor().isShuttingDown()) { // the server closed while this request was being handled
            return ctx.channel().newFailedFuture(new IllegalStateException("server closed"));
        }
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            http.headers().set(h.getKey(), h.getValue());
        }
        http.headers().set(REQUEST_ID_HEADER, requestId);
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        if (!keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture written = ctx.writeAndFlush(http);
        if (keepAlive) {
            written.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    f.channel().config().setAutoRead(true);
                } else {
                    f.channel().close();
                }
            });
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }
}
