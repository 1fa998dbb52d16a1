package dev.lamina.service.http;

import dev.lamina.protocol.ErrorType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.UUID;

/**
 * Refuses a request whose declared {@code Content-Length} exceeds its operation's limit before any of the body is
 * buffered: it answers 413 with Lambda's error at once and discards the body as it arrives, so the connection stays
 * usable. With {@code Expect: 100-continue} the body never comes, so the connection is closed instead. Bodies of
 * unknown length are bounded by {@link BoundedAggregator}.
 */
final class RequestSizeGuard extends ChannelInboundHandlerAdapter {

    /** True while the body of a refused request is being thrown away. */
    private boolean discarding;
    private boolean keepAlive;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            discarding = false;
            Operation op = ControlApiRoutes.match(request.method().name(), request.uri()).operation();
            long length = HttpUtil.getContentLength(request, -1L);
            if (length > op.maxRequestBytes()) {
                boolean expectContinue = HttpUtil.is100ContinueExpected(request);
                keepAlive = HttpUtil.isKeepAlive(request) && !expectContinue;
                boolean complete = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                discarding = !complete && !expectContinue;
                // While discarding, the connection stays open until the body is gone (then closes unless keep-alive).
                NettyResponses.write(ctx, ErrorResponses.render(ErrorType.REQUEST_TOO_LARGE, op.tooLargeMessage()),
                        UUID.randomUUID().toString(), discarding || keepAlive);
                return;
            }
        } else if (discarding && msg instanceof HttpContent) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                discarding = false;
                if (!keepAlive) {
                    ctx.close();
                }
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
