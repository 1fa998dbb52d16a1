package dev.lamina.environment.runtimeapi;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.runtime.RuntimeApi;
import io.netty.channel.ChannelHandlerContext;

/** {@code POST /runtime/invocation/{id}/error}: the body is passed on raw; the core decides what the caller sees. */
final class InvocationErrorHandler {
    private final RuntimeApiCore core;

    InvocationErrorHandler(RuntimeApiCore core) {
        this.core = core;
    }

    void handle(ChannelHandlerContext ctx, ApiRequest req, String requestId) {
        if (req.tooLarge()) {
            Replies.error(ctx, req, ErrorType.REQUEST_ENTITY_TOO_LARGE, RuntimeApiRoutes.TOO_LARGE_MESSAGE);
            return;
        }
        core.handle(new RuntimeCommand.Error(requestId, req.header(RuntimeApi.HEADER_ERROR_TYPE), req.body(),
                req.header("Content-Type")), outcome -> Replies.outcome(ctx, req, outcome));
    }
}
