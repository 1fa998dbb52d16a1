package dev.lamina.environment.runtimeapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionsApi;
import dev.lamina.protocol.extensions.RegisterRequest;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code POST /extension/register}: validates the name header and the body ({@code {"events":[…]}}, known event
 * types only, no deprecated {@code configurationKeys}); whether registration is open is the core's decision.
 */
final class ExtensionRegisterHandler {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ExtensionsApiCore core;

    ExtensionRegisterHandler(ExtensionsApiCore core) {
        this.core = core;
    }

    void handle(ChannelHandlerContext ctx, ApiRequest req) {
        String name = req.header(ExtensionsApi.HEADER_NAME);
        if (name == null) {
            Replies.forbidden(ctx, req, ErrorType.EXTENSION_INVALID_NAME, "Empty extension name");
            return;
        }
        if (req.tooLarge()) {
            Replies.forbidden(ctx, req, ErrorType.INVALID_REQUEST_FORMAT, "Request body too large");
            return;
        }
        RegisterRequest body;
        try {
            body = JSON.readValue(req.body(), RegisterRequest.class);
        } catch (IOException | RuntimeException e) {
            Replies.forbidden(ctx, req, ErrorType.INVALID_REQUEST_FORMAT, "Invalid request body: " + firstLine(e));
            return;
        }
        if (body == null) {
            Replies.forbidden(ctx, req, ErrorType.INVALID_REQUEST_FORMAT, "Invalid request body: empty");
            return;
        }
        if (body.configurationKeys() != null) {
            Replies.forbidden(ctx, req, ErrorType.INVALID_REQUEST_FORMAT, "configurationKeys are not supported");
            return;
        }
        for (String event : body.events()) {
            if (!ExtensionsApi.INVOKE.equals(event) && !ExtensionsApi.SHUTDOWN.equals(event)) {
                Replies.forbidden(ctx, req, ErrorType.EXTENSION_INVALID_EVENT_TYPE, "Unknown event type: " + event);
                return;
            }
        }
        boolean accountId = false;
        String features = req.header(ExtensionsApi.HEADER_ACCEPT_FEATURE);
        if (features != null) {
            accountId = Arrays.stream(features.split(",")).map(String::trim)
                    .anyMatch(ExtensionsApi.FEATURE_ACCOUNT_ID::equals);
        }
        core.handle(new ExtensionCommand.Register(name, accountId, body.events().stream().distinct().toList()),
                outcome -> Replies.extensionOutcome(ctx, req, outcome));
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
