package dev.lamina.environment.runtimeapi;

import io.netty.channel.ChannelHandlerContext;

/** {@code GET /extension/event/next}: parks the request in the core until an event is released to it. */
final class ExtensionNextHandler {
    private final ExtensionsApiCore core;

    ExtensionNextHandler(ExtensionsApiCore core) {
        this.core = core;
    }

    void handle(ChannelHandlerContext ctx, ApiRequest req) {
        String id = ExtensionIdentifiers.require(ctx, req);
        if (id != null) {
            core.handle(new ExtensionCommand.Next(id), outcome -> Replies.extensionOutcome(ctx, req, outcome));
        }
    }
}
