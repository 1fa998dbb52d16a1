package dev.lamina.service.http;

import dev.lamina.protocol.ErrorType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import java.util.UUID;

/**
 * Aggregates request bodies up to the largest operation limit and, past it, answers Lambda's 413 JSON and closes the
 * connection (part of the body has been read already, so the stream cannot be resynchronised).
 */
final class BoundedAggregator extends HttpObjectAggregator {

    BoundedAggregator() {
        super(Operation.Limits.CODE_REQUEST);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Operation op = oversized instanceof HttpRequest r
                ? ControlApiRoutes.match(r.method().name(), r.uri()).operation()
                : Operation.UNKNOWN;
        NettyResponses.write(ctx, ErrorResponses.render(ErrorType.REQUEST_TOO_LARGE, op.tooLargeMessage()),
                UUID.randomUUID().toString(), false);
    }
}
