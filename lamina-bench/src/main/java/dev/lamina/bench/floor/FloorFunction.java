package dev.lamina.bench.floor;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One function of the floor: hands a caller's invoke to any runtime parked in {@code next}, and the runtime's
 * {@code response} back to the caller — nothing else. Like Lamina's environment pool it runs several runtimes for
 * one function: an invoke that finds no runtime parked is queued and, unless enough runtimes are already starting for
 * the queue, starts one more. Its monitor guards the parked runtimes, the queue, the count of runtimes starting and
 * the callers waiting for a response; writes happen after the state change, outside the monitor.
 */
final class FloorFunction {

    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes();

    /** An invoke waiting for a runtime, or for the runtime's response. */
    private record Pending(String requestId, Channel caller, byte[] payload, String contentType, boolean keepAlive) {}

    /** A runtime's connection parked in {@code next}. */
    private record Parked(Channel channel, boolean keepAlive) {}

    private final String name;
    private final String arn;
    private final long timeoutMs;
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private final Map<String, Pending> running = new HashMap<>();
    /** Most recently parked last: taken last-in first-out, as Lamina takes its most recently used environment. */
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();
    /** Runtimes started for queued invokes that have not called {@code next} yet. */
    private int starting;
    private Runnable onColdInvoke = () -> {};

    FloorFunction(String name, String arn, long timeoutMs) {
        this.name = name;
        this.arn = arn;
        this.timeoutMs = timeoutMs;
    }

    String name() {
        return name;
    }

    /** Called (outside the monitor) when an invoke is queued and no runtime is starting for it: starts one more. */
    void onColdInvoke(Runnable action) {
        this.onColdInvoke = action;
    }

    /** A caller's Invoke. */
    void invoke(Channel caller, byte[] payload, String contentType, boolean keepAlive) {
        Pending p = new Pending(UUID.randomUUID().toString(), caller, payload, contentType, keepAlive);
        Parked runtime;
        boolean start = false;
        synchronized (this) {
            runtime = parked.pollLast();
            if (runtime == null) {
                queued.add(p);
                if (queued.size() > starting) {
                    starting++;
                    start = true;
                }
            } else {
                running.put(p.requestId(), p);
            }
        }
        if (runtime != null) {
            sendNext(runtime.channel(), runtime.keepAlive(), p);
        } else if (start) {
            onColdInvoke.run();
        }
    }

    /** A runtime's {@code GET …/invocation/next}; {@code first} when it is the runtime's first since it started. */
    void next(Channel runtime, boolean keepAlive, boolean first) {
        Pending p;
        synchronized (this) {
            if (first && starting > 0) {
                starting--;
            }
            p = queued.poll();
            if (p == null) {
                parked.addLast(new Parked(runtime, keepAlive));
                return;
            }
            running.put(p.requestId(), p);
        }
        sendNext(runtime, keepAlive, p);
    }

    /** A runtime's {@code POST …/invocation/{id}/response}. */
    void response(Channel runtime, String requestId, byte[] body, String contentType, boolean keepAlive) {
        Pending p;
        synchronized (this) {
            p = running.remove(requestId);
        }
        if (p == null) {
            write(runtime, respond(HttpResponseStatus.BAD_REQUEST,
                    "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}".getBytes(),
                    "application/json"), keepAlive);
            return;
        }
        write(runtime, respond(HttpResponseStatus.ACCEPTED, ACCEPTED, "application/json"), keepAlive);
        FullHttpResponse toCaller = respond(HttpResponseStatus.OK, body,
                contentType == null ? "application/json" : contentType);
        toCaller.headers().set("X-Amz-Executed-Version", "$LATEST");
        toCaller.headers().set("x-amzn-RequestId", requestId);
        write(p.caller(), toCaller, p.keepAlive());
    }

    /**
     * Forgets the parked runtimes after their processes were killed: their connections may not be seen as closed
     * yet, and an invoke handed to one would be lost.
     */
    synchronized void runtimesKilled() {
        parked.clear();
        starting = 0;
    }

    /** Forgets a parked runtime whose connection closed; queued invokes stay for the next runtime. */
    synchronized void runtimeGone(Channel runtime) {
        parked.removeIf(r -> r.channel() == runtime);
    }

    private void sendNext(Channel runtime, boolean keepAlive, Pending p) {
        FullHttpResponse next = respond(HttpResponseStatus.OK, p.payload(), p.contentType());
        next.headers().set("Lambda-Runtime-Aws-Request-Id", p.requestId());
        next.headers().set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + timeoutMs));
        next.headers().set("Lambda-Runtime-Invoked-Function-Arn", arn);
        next.headers().set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        write(runtime, next, keepAlive);
    }

    private static FullHttpResponse respond(HttpResponseStatus status, byte[] body, String contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    static void write(Channel channel, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            channel.writeAndFlush(response, channel.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
