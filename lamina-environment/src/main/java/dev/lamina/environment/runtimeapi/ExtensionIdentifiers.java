package dev.lamina.environment.runtimeapi;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionsApi;
import io.netty.channel.ChannelHandlerContext;
import java.util.UUID;

/** The validation every identified Extensions API call shares (RIE's {@code AgentUniqueIdentifierHeaderValidator}). */
final class ExtensionIdentifiers {
    private ExtensionIdentifiers() {}

    /** The identifier, or null after answering 403 {@code MissingExtensionIdentifier}/{@code InvalidExtensionIdentifier}. */
    static String require(ChannelHandlerContext ctx, ApiRequest req) {
        String id = req.header(ExtensionsApi.HEADER_IDENTIFIER);
        if (id == null) {
            Replies.forbidden(ctx, req, ErrorType.EXTENSION_MISSING_IDENTIFIER,
                    "Missing " + ExtensionsApi.HEADER_IDENTIFIER + " header");
            return null;
        }
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            Replies.forbidden(ctx, req, ErrorType.EXTENSION_INVALID_IDENTIFIER,
                    "Invalid " + ExtensionsApi.HEADER_IDENTIFIER + " header: " + id);
            return null;
        }
        return id;
    }
}
