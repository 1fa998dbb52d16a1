package dev.lamina.environment.runtimeapi;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionsApi;
import io.netty.channel.ChannelHandlerContext;

/** {@code POST /extension/init/error} and {@code /extension/exit/error}: both headers are required; 202. */
final class ExtensionErrorHandler {
    private final ExtensionsApiCore core;
    private final boolean exit;

    /** @param exit true for {@code exit/error}, false for {@code init/error} */
    ExtensionErrorHandler(ExtensionsApiCore core, boolean exit) {
        this.core = core;
        this.exit = exit;
    }

    void handle(ChannelHandlerContext ctx, ApiRequest req) {
        String id = ExtensionIdentifiers.require(ctx, req);
        if (id == null) {
            return;
        }
        String type = req.header(ExtensionsApi.HEADER_ERROR_TYPE);
        if (type == null) {
            Replies.forbidden(ctx, req, ErrorType.EXTENSION_MISSING_HEADER,
                    "Missing " + ExtensionsApi.HEADER_ERROR_TYPE + " header");
            return;
        }
        byte[] body = req.tooLarge() ? new byte[0] : req.body();
        ExtensionCommand command = exit
                ? new ExtensionCommand.ExitError(id, type, body)
                : new ExtensionCommand.InitError(id, type, body);
        core.handle(command, outcome -> Replies.extensionOutcome(ctx, req, outcome));
    }
}
