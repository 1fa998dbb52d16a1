package dev.lamina.environment.telemetry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lamina.protocol.telemetry.TelemetryEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP listener on 127.0.0.1:0, the way an extension's log listener works: it records every batch POSTed to
 * it, decoded strictly into {@link TelemetryEnvelope}s. It can {@link #stall()} (accept the request, never answer,
 * record nothing) and {@link #failNext(int, int)} (answer with an error status) to play a misbehaving subscriber.
 */
final class RecordingTelemetrySubscriber implements AutoCloseable {
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One received POST. */
    record Received(String method, String path, String contentType, String sequenceId, byte[] body,
            List<TelemetryEnvelope> envelopes) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger stalledRequests = new AtomicInteger();
    private volatile int failStatus;
    private volatile CountDownLatch stall;

    RecordingTelemetrySubscriber() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The destination URI an extension would subscribe with. */
    String uri(String host, String path) {
        return "http://" + host + ":" + port() + path;
    }

    /** From now on, requests are read and then never answered (nor recorded) until {@link #recover()}. */
    void stall() {
        stall = new CountDownLatch(1);
    }

    void recover() {
        CountDownLatch s = stall;
        stall = null;
        if (s != null) {
            s.countDown();
        }
    }

    /** The next {@code count} requests are answered with {@code status} and not recorded. */
    void failNext(int count, int status) {
        failStatus = status;
        failures.set(count);
    }

    int stalledRequests() {
        return stalledRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            CountDownLatch s = stall;
            if (s != null) {
                stalledRequests.incrementAndGet();
                try {
                    s.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return; // the client gave up long ago
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(failStatus, -1);
                return;
            }
            List<TelemetryEnvelope> envelopes = STRICT.readValue(body, new TypeReference<>() {});
            batches.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Sequence-Id"), body, envelopes));
            byte[] ok = "OK".getBytes();
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Received> batches() {
        return List.copyOf(batches);
    }

    /** Forgets what was received so far. */
    void clear() {
        batches.clear();
    }

    /** Every envelope received so far, in arrival order. */
    List<TelemetryEnvelope> envelopes() {
        List<TelemetryEnvelope> all = new ArrayList<>();
        batches.forEach(b -> all.addAll(b.envelopes()));
        return all;
    }

    List<String> types() {
        return envelopes().stream().map(TelemetryEnvelope::type).toList();
    }

    @Override
    public void close() {
        recover();
        server.stop(0);
        executor.shutdownNow();
    }
}
