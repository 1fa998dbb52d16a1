package dev.lamina.service.http;

import dev.lamina.protocol.ErrorType;
import dev.lamina.service.core.FunctionRecord;
import dev.lamina.service.core.FunctionRef;
import dev.lamina.service.core.FunctionService;
import dev.lamina.service.core.Identity;
import dev.lamina.service.core.LaminaException;
import dev.lamina.service.logs.FunctionLogStore;
import dev.lamina.service.logs.LogListener;
import dev.lamina.service.logs.LogRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lamina's own logs endpoint, {@code GET /lamina/logs/{FunctionName}[?since=<epoch ms|ISO-8601>][&follow=true]}: the
 * function's log group ({@code /aws/lambda/<name>} or its {@code LoggingConfig.LogGroup}) as NDJSON, one
 * {@code {"timestamp","logStream","message"}} a line
 * ({@code timestamp} in epoch milliseconds, as CloudWatch's log events), in time order, chunked. With
 * {@code follow=true} the response stays open and every new record is pushed as it is written, until the client
 * disconnects or Lamina stops. A function that neither exists nor has logs is a 404 ResourceNotFoundException; the
 * logs of a deleted function stay readable (CloudWatch keeps log groups).
 *
 * <p>Sits before {@link ApiChannelHandler} and passes every other request on untouched; the Lambda API's paths
 * ({@code /2015-03-31/...} and the like) never start with {@code /lamina/}.
 */
final class LogsChannelHandler extends ChannelInboundHandlerAdapter {

    static final String PREFIX = "/lamina/logs/";
    static final String NDJSON = "application/x-ndjson";

    private static final Logger LOG = LoggerFactory.getLogger(LogsChannelHandler.class);
    private static final int CHUNK = 64 * 1024;
    /** A follower whose connection has this much unsent is too slow: its response ends (it can resume with since). */
    private static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;

    /** Makes one handler per connection. */
    @FunctionalInterface
    interface Factory {
        LogsChannelHandler create();
    }

    /** One NDJSON line. */
    record LogEvent(long timestamp, String logStream, String message) {}

    private final FunctionLogStore store;
    private final FunctionService functions;
    private final Identity identity;
    private final Executor executor;

    LogsChannelHandler(FunctionLogStore store, FunctionService functions, Identity identity, Executor executor) {
        this.store = store;
        this.functions = functions;
        this.identity = identity;
        this.executor = executor;
    }

    static boolean matches(String uri) {
        return uri.startsWith(PREFIX);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !request.decoderResult().isSuccess()
                || !request.method().equals(HttpMethod.GET) || !matches(request.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        String requestId = UUID.randomUUID().toString();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        ReferenceCountUtil.release(request);
        ctx.channel().config().setAutoRead(false);
        try {
            executor.execute(() -> serve(ctx, query, requestId, keepAlive));
        } catch (RejectedExecutionException e) {
            NettyResponses.write(ctx, ErrorResponses.render(ErrorType.SERVICE, "Lamina is shutting down"),
                    requestId, false);
        }
    }

    private void serve(ChannelHandlerContext ctx, QueryStringDecoder query, String requestId, boolean keepAlive) {
        String logGroup;
        Instant since;
        boolean follow;
        try {
            String name = functionName(query.rawPath().substring(PREFIX.length()));
            since = since(first(query, "since"));
            follow = bool(first(query, "follow"));
            FunctionRecord record = findFunction(name);
            // the function's configured group; a deleted function's default group (CloudWatch keeps it)
            logGroup = record != null ? record.loggingConfig().logGroup() : FunctionLogStore.logGroupName(name);
            if (record == null && !store.hasLogGroup(logGroup)) {
                throw LaminaException.functionNotFound(identity.functionArn(name));
            }
        } catch (LaminaException e) {
            NettyResponses.write(ctx, ErrorResponses.render(e), requestId, keepAlive);
            return;
        } catch (RuntimeException e) {
            LOG.error("GET {} failed (request {})", query.uri(), requestId, e);
            NettyResponses.write(ctx, ErrorResponses.render(ErrorType.SERVICE,
                    "Lamina failed to handle the request " + requestId), requestId, false);
            return;
        }
        if (ctx.executor().isShuttingDown()) {
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, NDJSON);
        head.headers().set(NettyResponses.REQUEST_ID_HEADER, requestId);
        HttpUtil.setTransferEncodingChunked(head, true);
        if (follow || !keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(head);
        if (follow) {
            follow(ctx, logGroup, since);
            return;
        }
        List<LogRecord> history;
        try {
            history = store.read(logGroup, since);
        } catch (RuntimeException e) {
            LOG.error("cannot read the logs of {} (request {})", logGroup, requestId, e);
            ctx.close();
            return;
        }
        if (!writeAll(ctx, history)) {
            return;
        }
        ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (keepAlive) {
            done.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    f.channel().config().setAutoRead(true);
                } else {
                    f.channel().close();
                }
            });
        } else {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Writes the history, then every record as it comes, until the channel or the store closes. */
    private void follow(ChannelHandlerContext ctx, String function, Instant since) {
        Follower follower = new Follower(ctx);
        FunctionLogStore.Followed followed;
        try {
            followed = store.readAndFollow(function, since, follower);
        } catch (RuntimeException e) {
            LOG.error("cannot follow the logs of {}", function, e);
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(f -> {
            try {
                followed.subscription().close();
            } catch (Exception e) {
                LOG.debug("cannot unsubscribe", e);
            }
        });
        if (!writeAll(ctx, followed.history())) {
            return;
        }
        follower.live();
    }

    /** Writes records in chunks, waiting for each (backpressure); false when the connection is gone. */
    private static boolean writeAll(ChannelHandlerContext ctx, List<LogRecord> records) {
        StringBuilder chunk = new StringBuilder();
        for (LogRecord r : records) {
            chunk.append(ndjson(r));
            if (chunk.length() >= CHUNK) {
                if (!ctx.writeAndFlush(content(chunk)).awaitUninterruptibly().isSuccess()) {
                    return false;
                }
                chunk.setLength(0);
            }
        }
        return chunk.isEmpty() || ctx.writeAndFlush(content(chunk)).awaitUninterruptibly().isSuccess();
    }

    private static DefaultHttpContent content(CharSequence text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    static String ndjson(LogRecord r) {
        return new String(Json.write(new LogEvent(r.timestamp().toEpochMilli(), r.logStream(), r.message())),
                StandardCharsets.UTF_8) + "\n";
    }

    /** Buffers pushed records until the history is out, then writes them straight through. */
    private static final class Follower implements LogListener {
        private final ChannelHandlerContext ctx;
        private final AtomicLong pending = new AtomicLong();
        private List<LogRecord> buffered = new ArrayList<>();
        private boolean ended;

        Follower(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public synchronized void onRecord(LogRecord record) {
            if (buffered != null) {
                buffered.add(record);
            } else {
                write(record);
            }
        }

        @Override
        public synchronized void onEnd() {
            ended = true;
            if (buffered == null) {
                end();
            }
        }

        synchronized void live() {
            List<LogRecord> records = buffered;
            buffered = null;
            records.forEach(this::write);
            if (ended) {
                end();
            }
        }

        private void write(LogRecord record) {
            if (!ctx.channel().isActive()) {
                return;
            }
            ByteBuf buf = Unpooled.copiedBuffer(ndjson(record), StandardCharsets.UTF_8);
            int size = buf.readableBytes();
            if (pending.addAndGet(size) > MAX_PENDING_BYTES) {
                buf.release();
                LOG.warn("a log follower is too slow: ending its response");
                ctx.close();
                return;
            }
            ctx.writeAndFlush(new DefaultHttpContent(buf)).addListener(f -> pending.addAndGet(-size));
        }

        private void end() {
            if (ctx.channel().isActive() && !ctx.executor().isShuttingDown()) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private String functionName(String segment) {
        String text;
        try {
            text = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = segment;
        }
        FunctionRef ref = FunctionRef.parse(text, null, identity.region(), identity.accountId());
        if (ref.foreign()) {
            throw LaminaException.functionNotFound(identity.functionArn(ref));
        }
        return ref.name();
    }

    /** The function, or null when it does not exist (any more). */
    private FunctionRecord findFunction(String function) {
        try {
            return functions.find(FunctionRef.parse(function, null, identity.region(), identity.accountId()));
        } catch (LaminaException e) {
            if (e.type() == ErrorType.RESOURCE_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Epoch milliseconds (as CloudWatch's startTime) or an ISO-8601 instant; null: from the beginning. */
    static Instant since(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value))
                    : Instant.parse(value);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw LaminaException.invalidParameter(
                    "since must be epoch milliseconds or an ISO-8601 instant: " + value);
        }
    }

    private static boolean bool(String value) {
        return value != null && (value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1"));
    }
}
