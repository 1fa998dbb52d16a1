package dev.lamina.environment.runtimeapi;

import io.netty.channel.ChannelHandlerContext;

/** {@code GET /runtime/invocation/next}: parks the request in the core until an event is released. */
final class InvocationNextHandler {
    private final RuntimeApiCore core;

    InvocationNextHandler(RuntimeApiCore core) {
        this.core = core;
    }

    void handle(ChannelHandlerContext ctx, ApiRequest req) {
        core.handle(new RuntimeCommand.Next(), outcome -> Replies.outcome(ctx, req, outcome));
    }
}
