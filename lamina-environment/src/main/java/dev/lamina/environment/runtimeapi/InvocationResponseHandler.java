package dev.lamina.environment.runtimeapi;

import dev.lamina.protocol.runtime.RuntimeApi;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code POST /runtime/invocation/{id}/response}. A streamed response ({@code Response-Mode: streaming}, chunked)
 * is buffered like any other; an error announced in its trailers turns it into an {@code /error}.
 */
final class InvocationResponseHandler {
    private static final String STREAMING = "streaming";
    private final RuntimeApiCore core;

    InvocationResponseHandler(RuntimeApiCore core) {
        this.core = core;
    }

    void handle(ChannelHandlerContext ctx, ApiRequest req, String requestId) {
        String mode = req.header(RuntimeApi.HEADER_RESPONSE_MODE);
        RuntimeCommand command;
        if (mode != null && !STREAMING.equalsIgnoreCase(mode)) {
            command = new RuntimeCommand.InvalidResponseMode(requestId, mode);
        } else if (req.tooLarge()) {
            command = new RuntimeCommand.ResponseTooLarge(requestId, req.bodyBytes());
        } else if (req.trailers().contains(RuntimeApi.HEADER_ERROR_TYPE)) {
            command = new RuntimeCommand.Error(requestId, req.trailers().get(RuntimeApi.HEADER_ERROR_TYPE),
                    trailerBody(req.trailers().get(RuntimeApi.HEADER_ERROR_BODY_TRAILER)), "application/json");
        } else {
            command = new RuntimeCommand.Response(requestId, req.body(), req.header("Content-Type"));
        }
        core.handle(command, outcome -> Replies.outcome(ctx, req, outcome));
    }

    private static byte[] trailerBody(String base64) {
        if (base64 == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return base64.getBytes(StandardCharsets.UTF_8);
        }
    }
}
