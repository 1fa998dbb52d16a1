package dev.lamina.environment.runtimeapi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Aggregates a request and its body into an {@link ApiRequest}, never holding more than {@code maxBody} bytes: a
 * larger body is read and discarded (so the connection stays usable) and the request is passed on flagged
 * {@code tooLarge} with its size. A request announcing an oversize {@code Content-Length} with
 * {@code Expect: 100-continue} is answered at once, without reading the body, and its connection closed.
 *
 * <p>Unlike Netty's {@code HttpObjectAggregator}, the oversize answer is left to the handlers, because a too-large
 * {@code /response} must also fail the invoke (contract §1.2).
 */
final class BoundedRequestAggregator extends ChannelInboundHandlerAdapter {
    private final int maxBody;
    private HttpRequest request;
    private CompositeByteBuf body;
    private long bytes;
    private boolean tooLarge;
    private boolean discardUntilLast;

    BoundedRequestAggregator(int maxBody) {
        this.maxBody = maxBody;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                start(ctx, req);
            }
            if (msg instanceof HttpContent content) {
                content(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST))
                    .addListener(f -> ctx.close());
            discardUntilLast = true;
            return;
        }
        request = req;
        bytes = 0;
        tooLarge = false;
        body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        long declared = HttpUtil.getContentLength(req, -1L);
        boolean expectContinue = HttpUtil.is100ContinueExpected(req);
        if (declared > maxBody && expectContinue) {
            release();
            discardUntilLast = true;
            ctx.fireChannelRead(new ApiRequest(req.method(), path(req), req.headers(), new byte[0],
                    EmptyHttpHeaders.INSTANCE, declared, true, false));
            request = null;
            return;
        }
        discardUntilLast = false;
        if (expectContinue) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (discardUntilLast || request == null) {
            discardUntilLast = !last && discardUntilLast;
            return;
        }
        ByteBuf chunk = content.content();
        bytes += chunk.readableBytes();
        if (!tooLarge && bytes > maxBody) {
            tooLarge = true;
            release();
        }
        if (!tooLarge && chunk.isReadable()) {
            body.addComponent(true, chunk.retain());
        }
        if (last) {
            byte[] data = new byte[0];
            if (!tooLarge) {
                data = new byte[body.readableBytes()];
                body.readBytes(data);
                release();
            }
            HttpRequest req = request;
            request = null;
            ctx.fireChannelRead(new ApiRequest(req.method(), path(req), req.headers(), data,
                    ((LastHttpContent) content).trailingHeaders(), bytes, tooLarge, HttpUtil.isKeepAlive(req)));
        }
    }

    private static String path(HttpRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private void release() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }
}
