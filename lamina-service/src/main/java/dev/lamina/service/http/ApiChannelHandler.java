package dev.lamina.service.http;

import dev.lamina.protocol.ErrorType;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each aggregated request off Netty and hands it to a virtual thread, so the event loop never blocks — except a
 * warm synchronous Invoke, which {@link ControlApi#tryHandleNow} starts right here without blocking and answers when
 * the runtime does (D43). Reading pauses until the response is written, which keeps responses in request order on a
 * connection.
 */
final class ApiChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiChannelHandler.class);

    private final ControlApi api;
    private final Executor executor;

    ApiChannelHandler(ControlApi api, Executor executor) {
        this.api = api;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String requestId = RequestIds.next();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            NettyResponses.write(ctx, ErrorResponses.render(ErrorType.INVALID_REQUEST_CONTENT,
                    "Malformed HTTP request: " + request.decoderResult().cause()), requestId, false);
            return;
        }
        ApiRequest apiRequest = toApiRequest(ctx, request, requestId);
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<ApiResponse> now = api.tryHandleNow(apiRequest);
        if (now != null) { // a warm invoke, started here: answered from the thread that completes it (D43)
            now.thenAccept(response -> NettyResponses.write(ctx, response, requestId, keepAlive));
            return;
        }
        try {
            executor.execute(() -> NettyResponses.write(ctx, api.handle(apiRequest), requestId, keepAlive));
        } catch (RejectedExecutionException e) {
            NettyResponses.write(ctx, ErrorResponses.render(ErrorType.SERVICE, "Lamina is shutting down"),
                    requestId, false);
        }
    }

    private static ApiRequest toApiRequest(ChannelHandlerContext ctx, FullHttpRequest request, String requestId) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isEmpty()) {
            InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
            host = local.getHostString() + ":" + local.getPort();
        }
        return new ApiRequest(request.method().name(), query.rawPath(), query.parameters(), headers,
                ByteBufUtil.getBytes(request.content()), requestId, "http://" + host);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("control API connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
