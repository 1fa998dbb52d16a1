package dev.lamina.environment.runtimeapi;

import dev.lamina.environment.telemetry.SubscribeOutcome;
import dev.lamina.environment.telemetry.SubscriptionApi;
import dev.lamina.protocol.telemetry.TelemetryApi;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * {@code PUT /2022-07-01/telemetry} and {@code PUT /2020-08-15/logs}: the identifier is validated as for the
 * Extensions API (403), the body by the hub; 200 {@code "OK"} or the rejection's status with
 * {@code {"errorMessage","errorType"}}.
 */
final class TelemetrySubscribeHandler {
    private static final byte[] OK = TelemetryApi.OK_BODY.getBytes(StandardCharsets.UTF_8);
    private final TelemetryApiCore core;
    private final SubscriptionApi api;

    TelemetrySubscribeHandler(TelemetryApiCore core, SubscriptionApi api) {
        this.core = core;
        this.api = api;
    }

    void handle(ChannelHandlerContext ctx, ApiRequest req) {
        String id = ExtensionIdentifiers.require(ctx, req);
        if (id == null) {
            return;
        }
        if (req.tooLarge()) {
            Replies.error(ctx, req, api.validationError(), "Request body too large");
            return;
        }
        core.subscribe(api, id, req.body(), outcome -> {
            switch (outcome) {
                case SubscribeOutcome.Subscribed s ->
                        Replies.send(ctx, req, HttpResponseStatus.OK, OK, "application/json");
                case SubscribeOutcome.Rejected r when r.errorType().wire().startsWith("Extension.") ->
                        Replies.forbidden(ctx, req, r.errorType(), r.message());
                case SubscribeOutcome.Rejected r -> Replies.error(ctx, req, r.errorType(), r.message());
            }
        });
    }


}
