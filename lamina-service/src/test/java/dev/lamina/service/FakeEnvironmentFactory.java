package dev.lamina.service;

import dev.lamina.environment.EnvironmentFactory;
import dev.lamina.environment.EnvironmentSpec;
import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.environment.Invocation;
import dev.lamina.environment.InvokeResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A working stand-in for the real environments: each environment echoes the payload, can be told to fail with a
 * function error, writes a configurable log, and can hold the log (the "environment busy" phase) until released —
 * all together ({@link #logGate}) or each invoke on its own gate ({@link #holdEachLog}, {@link #held}). It can hold
 * results ({@link #resultGate}) and make {@code invoke} throw. It records the specs it was given, the invocations and
 * which environment served each, counts closes, and enforces the environment's invariant that an invoke never arrives
 * while another is running.
 */
public final class FakeEnvironmentFactory implements EnvironmentFactory {

    public final List<EnvironmentSpec> specs = new CopyOnWriteArrayList<>();
    public final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    public final AtomicInteger closes = new AtomicInteger();
    public final AtomicInteger overlaps = new AtomicInteger();
    /** When set, invokes fail with this function error type and an error JSON payload. */
    public volatile String functionError;
    /** The log text each invoke produces; null for a START/END/REPORT triple. */
    public volatile String logText;
    /** When set, each invoke's log (and so the environment's busy phase) completes only when this completes. */
    public volatile CompletableFuture<Void> logGate;
    /** When true, each invoke's log waits for a gate of its own, listed in {@link #held}. */
    public volatile boolean holdEachLog;
    /** The invokes whose log waits for their own gate, in the order they arrived. */
    public final List<Held> held = new CopyOnWriteArrayList<>();
    /** When set, each invoke's result (and log) completes only when this completes. */
    public volatile CompletableFuture<Void> resultGate;
    /** When true, {@code invoke} throws as an environment that broke would. */
    public volatile boolean invokeThrows;
    /** The ids of the environments created, in order. */
    public final List<String> created = new CopyOnWriteArrayList<>();
    /** The ids of the environments closed, in order. */
    public final List<String> closed = new CopyOnWriteArrayList<>();
    /** Which environment served each request id. */
    public final Map<String, String> servedBy = new ConcurrentHashMap<>();

    /** An invoke whose log (and environment) is held until {@link #release()}. */
    public record Held(String requestId, String environmentId, CompletableFuture<Void> gate) {
        public void release() {
            gate.complete(null);
        }
    }

    /** The environment that served the invoke whose response carried this request id. */
    public String environmentOf(java.net.http.HttpResponse<?> response) {
        return servedBy.get(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }

    @Override
    public ExecutionEnvironment create(EnvironmentSpec spec) {
        specs.add(spec);
        FakeEnvironment env = new FakeEnvironment();
        created.add(env.id);
        return env;
    }

    private final class FakeEnvironment implements ExecutionEnvironment {
        private final String id = UUID.randomUUID().toString();
        private final AtomicBoolean busy = new AtomicBoolean();

        @Override
        public String id() {
            return id;
        }

        @Override
        public CompletableFuture<InvokeResult> invoke(Invocation invocation) {
            if (invokeThrows) {
                throw new IllegalStateException("environment " + id + " is closed");
            }
            if (!busy.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
                throw new IllegalStateException("invoke while busy");
            }
            // Every setting is read before the invoke is recorded: a test that waits to see it recorded and then
            // changes a setting changes it for the next invoke, never for this one.
            String text = logText;
            boolean holdLog = holdEachLog;
            CompletableFuture<Void> sharedLogGate = logGate;
            CompletableFuture<Void> resultsGate = resultGate;
            String error = functionError;
            String log = text != null ? text
                    : "START RequestId: " + invocation.requestId() + " Version: $LATEST\nEND RequestId: "
                            + invocation.requestId() + "\nREPORT RequestId: " + invocation.requestId() + "\n";
            CompletableFuture<Void> gate = holdLog ? new CompletableFuture<>() : sharedLogGate;
            CompletableFuture<Void> results =
                    resultsGate == null ? CompletableFuture.completedFuture(null) : resultsGate;
            invocations.add(invocation);
            servedBy.put(invocation.requestId(), id);
            if (holdLog) {
                held.add(new Held(invocation.requestId(), id, gate));
            }
            CompletableFuture<String> logFuture = results
                    .thenCompose(v -> gate == null ? CompletableFuture.<Void>completedFuture(null) : gate)
                    .thenApply(v -> {
                        busy.set(false);
                        return log;
                    });
            byte[] payload = error == null ? invocation.payload()
                    : ("{\"errorMessage\":\"boom\",\"errorType\":\"" + error + "\"}").getBytes();
            return results.thenApply(
                    v -> new InvokeResult(invocation.requestId(), payload, "application/json", error, logFuture));
        }

        @Override
        public boolean busy() {
            return busy.get();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.add(id);
        }
    }
}
