package dev.lamina.environment.runtimeapi;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.runtime.RuntimeApi;
import io.netty.channel.ChannelHandlerContext;

/** {@code POST /runtime/init/error}: legal only before the runtime's first {@code next}. */
final class InitErrorHandler {
    private final RuntimeApiCore core;

    InitErrorHandler(RuntimeApiCore core) {
        this.core = core;
    }

    void handle(ChannelHandlerContext ctx, ApiRequest req) {
        if (req.tooLarge()) {
            Replies.error(ctx, req, ErrorType.REQUEST_ENTITY_TOO_LARGE, RuntimeApiRoutes.TOO_LARGE_MESSAGE);
            return;
        }
        core.handle(new RuntimeCommand.InitError(req.header(RuntimeApi.HEADER_ERROR_TYPE), req.body(),
                req.header("Content-Type")), outcome -> Replies.outcome(ctx, req, outcome));
    }
}
