package dev.lamina.environment.runtimeapi;

import dev.lamina.environment.telemetry.SubscriptionApi;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionsApi;
import dev.lamina.protocol.runtime.RuntimeApi;
import dev.lamina.protocol.telemetry.TelemetryApi;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes Runtime API (contract §1.1), Extensions API (§2) and Logs/Telemetry API subscribe (§3.1) requests to their handlers; unknown paths get 404, wrong methods 405. */
final class RuntimeApiRoutes extends SimpleChannelInboundHandler<ApiRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeApiRoutes.class);
    static final String TOO_LARGE_MESSAGE =
            "Exceeded maximum allowed payload size (" + RuntimeApi.MAX_PAYLOAD_BYTES + " bytes).";
    private static final String RESPONSE_SUFFIX = "/response";
    private static final String ERROR_SUFFIX = "/error";

    private final InvocationNextHandler next;
    private final InvocationResponseHandler response;
    private final InvocationErrorHandler error;
    private final InitErrorHandler initError;
    private final ExtensionRegisterHandler register;
    private final ExtensionNextHandler eventNext;
    private final ExtensionErrorHandler extensionInitError;
    private final ExtensionErrorHandler extensionExitError;
    private final TelemetrySubscribeHandler telemetrySubscribe;
    private final TelemetrySubscribeHandler logsSubscribe;

    RuntimeApiRoutes(RuntimeApiCore core, ExtensionsApiCore extensions, TelemetryApiCore telemetry) {
        this.telemetrySubscribe = new TelemetrySubscribeHandler(telemetry, SubscriptionApi.TELEMETRY);
        this.logsSubscribe = new TelemetrySubscribeHandler(telemetry, SubscriptionApi.LOGS);
        this.register = new ExtensionRegisterHandler(extensions);
        this.eventNext = new ExtensionNextHandler(extensions);
        this.extensionInitError = new ExtensionErrorHandler(extensions, false);
        this.extensionExitError = new ExtensionErrorHandler(extensions, true);
        this.next = new InvocationNextHandler(core);
        this.response = new InvocationResponseHandler(core);
        this.error = new InvocationErrorHandler(core);
        this.initError = new InitErrorHandler(core);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ApiRequest req) {
        String path = req.path();
        HttpMethod method = req.method();
        if (path.equals("/ping")) {
            route(ctx, req, HttpMethod.GET, () -> Replies.text(ctx, req, 200, "pong"));
        } else if (path.equals(RuntimeApi.NEXT)) {
            route(ctx, req, HttpMethod.GET, () -> next.handle(ctx, req));
        } else if (path.equals(RuntimeApi.INIT_ERROR)) {
            route(ctx, req, HttpMethod.POST, () -> initError.handle(ctx, req));
        } else if (path.equals(RuntimeApi.RESTORE_NEXT) || path.equals(RuntimeApi.RESTORE_ERROR)) {
            HttpMethod expected = path.equals(RuntimeApi.RESTORE_NEXT) ? HttpMethod.GET : HttpMethod.POST;
            route(ctx, req, expected, () -> Replies.error(ctx, req, ErrorType.INVALID_STATE_TRANSITION,
                    "State transition from Ready to Restoring failed for runtime. Error: SnapStart is not enabled"));
        } else if (path.startsWith(RuntimeApi.INVOCATION_PREFIX) && path.endsWith(RESPONSE_SUFFIX)) {
            String id = requestId(path, RESPONSE_SUFFIX);
            route(ctx, req, HttpMethod.POST, () -> withId(ctx, req, id, () -> response.handle(ctx, req, id)));
        } else if (path.startsWith(RuntimeApi.INVOCATION_PREFIX) && path.endsWith(ERROR_SUFFIX)) {
            String id = requestId(path, ERROR_SUFFIX);
            route(ctx, req, HttpMethod.POST, () -> withId(ctx, req, id, () -> error.handle(ctx, req, id)));
        } else if (path.equals(ExtensionsApi.REGISTER)) {
            route(ctx, req, HttpMethod.POST, () -> register.handle(ctx, req));
        } else if (path.equals(ExtensionsApi.EVENT_NEXT)) {
            route(ctx, req, HttpMethod.GET, () -> eventNext.handle(ctx, req));
        } else if (path.equals(ExtensionsApi.INIT_ERROR)) {
            route(ctx, req, HttpMethod.POST, () -> extensionInitError.handle(ctx, req));
        } else if (path.equals(ExtensionsApi.EXIT_ERROR)) {
            route(ctx, req, HttpMethod.POST, () -> extensionExitError.handle(ctx, req));
        } else if (path.equals(TelemetryApi.TELEMETRY_PATH)) {
            route(ctx, req, HttpMethod.PUT, () -> telemetrySubscribe.handle(ctx, req));
        } else if (path.equals(TelemetryApi.LOGS_PATH)) {
            route(ctx, req, HttpMethod.PUT, () -> logsSubscribe.handle(ctx, req));
        } else {
            LOG.debug("404 {} {}", method, path);
            Replies.text(ctx, req, 404, "404 page not found");
        }
    }

    private static String requestId(String path, String suffix) {
        return path.substring(RuntimeApi.INVOCATION_PREFIX.length(), path.length() - suffix.length());
    }

    private static void withId(ChannelHandlerContext ctx, ApiRequest req, String id, Runnable handler) {
        if (id.isBlank() || id.contains("/")) {
            Replies.error(ctx, req, ErrorType.INVALID_REQUEST_ID, "Invalid request ID: '" + id + "'");
        } else {
            handler.run();
        }
    }

    private static void route(ChannelHandlerContext ctx, ApiRequest req, HttpMethod expected, Runnable handler) {
        if (req.method().equals(expected)) {
            handler.run();
        } else {
            Replies.text(ctx, req, 405, "405 method not allowed");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Runtime API connection failed: {}", cause.toString());
        ctx.close();
    }
}
