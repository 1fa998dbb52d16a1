package dev.lamina.environment.runtimeapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionsApi;
import dev.lamina.protocol.runtime.ErrorBody;
import dev.lamina.protocol.runtime.RuntimeApi;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Renders outcomes as HTTP responses (compact JSON, RIE's bodies) and writes them, echoing
 * {@code Connection: close} and closing afterwards when the request asked for it. Safe from any thread.
 */
final class Replies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] STATUS_OK = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

    private Replies() {}

    static void outcome(ChannelHandlerContext ctx, ApiRequest req, ApiOutcome outcome) {
        switch (outcome) {
            case ApiOutcome.Accepted a -> send(ctx, req, status(202), STATUS_OK, "application/json");
            case ApiOutcome.Rejected r -> error(ctx, req, r.errorType(), r.message());
            case ApiOutcome.Event e -> event(ctx, req, e.event());
            case ApiOutcome.Registered r -> {
                FullHttpResponse response = response(status(200), r.body(), "application/json");
                response.headers().set(ExtensionsApi.HEADER_IDENTIFIER, r.identifier());
                write(ctx, req, response);
            }
            case ApiOutcome.ExtensionEvent e -> {
                FullHttpResponse response = response(status(200), e.body(), "application/json");
                response.headers().set(ExtensionsApi.HEADER_EVENT_IDENTIFIER, e.eventIdentifier());
                write(ctx, req, response);
            }
        }
    }

    /** Extensions API answers: like {@link #outcome}, but every rejection is a 403 (RIE). */
    static void extensionOutcome(ChannelHandlerContext ctx, ApiRequest req, ApiOutcome outcome) {
        if (outcome instanceof ApiOutcome.Rejected r) {
            forbidden(ctx, req, r.errorType(), r.message());
        } else {
            outcome(ctx, req, outcome);
        }
    }

    static void forbidden(ChannelHandlerContext ctx, ApiRequest req, ErrorType type, String message) {
        send(ctx, req, status(403), json(ErrorBody.of(type.wire(), message)), "application/json");
    }

    static void error(ChannelHandlerContext ctx, ApiRequest req, ErrorType type, String message) {
        send(ctx, req, status(type.httpStatus()), json(ErrorBody.of(type.wire(), message)), "application/json");
    }

    static void text(ChannelHandlerContext ctx, ApiRequest req, int status, String text) {
        send(ctx, req, status(status), text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private static void event(ChannelHandlerContext ctx, ApiRequest req, NextEvent event) {
        FullHttpResponse response = response(status(200), event.payload(),
                event.contentType() == null || event.contentType().isBlank() ? "application/json" : event.contentType());
        var h = response.headers();
        h.set(RuntimeApi.HEADER_REQUEST_ID, event.requestId());
        h.set(RuntimeApi.HEADER_DEADLINE_MS, Long.toString(event.deadlineMs()));
        setIfPresent(response, RuntimeApi.HEADER_FUNCTION_ARN, event.invokedFunctionArn());
        setIfPresent(response, RuntimeApi.HEADER_TRACE_ID, event.traceId());
        setIfPresent(response, RuntimeApi.HEADER_CLIENT_CONTEXT, event.clientContext());
        setIfPresent(response, RuntimeApi.HEADER_COGNITO_IDENTITY, event.cognitoIdentity());
        setIfPresent(response, RuntimeApi.HEADER_TENANT_ID, event.tenantId());
        write(ctx, req, response);
    }

    private static void setIfPresent(FullHttpResponse response, String name, String value) {
        if (value != null && !value.isEmpty()) {
            response.headers().set(name, value);
        }
    }

    static void send(ChannelHandlerContext ctx, ApiRequest req, HttpResponseStatus status, byte[] body, String type) {
        write(ctx, req, response(status, body, type));
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, String type) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static void write(ChannelHandlerContext ctx, ApiRequest req, FullHttpResponse response) {
        if (req.keepAlive()) {
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static HttpResponseStatus status(int code) {
        return HttpResponseStatus.valueOf(code);
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value, e);
        }
    }
}
