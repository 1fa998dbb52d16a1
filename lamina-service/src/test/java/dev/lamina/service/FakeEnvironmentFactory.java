package dev.lamina.service;

import dev.lamina.environment.EnvironmentFactory;
import dev.lamina.environment.EnvironmentSpec;
import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.environment.Invocation;
import dev.lamina.environment.InvokeResult;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A working stand-in for the real environments: each environment echoes the payload, can be told to fail with a
 * function error, writes a configurable log, and can hold the log (the "environment busy" phase) until released. It
 * records the specs it was given and the invocations, counts closes, and enforces the environment's invariant that an
 * invoke never arrives while another is running.
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

    @Override
    public ExecutionEnvironment create(EnvironmentSpec spec) {
        specs.add(spec);
        return new FakeEnvironment();
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
            if (!busy.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
                throw new IllegalStateException("invoke while busy");
            }
            invocations.add(invocation);
            String log = logText != null ? logText
                    : "START RequestId: " + invocation.requestId() + " Version: $LATEST\nEND RequestId: "
                            + invocation.requestId() + "\nREPORT RequestId: " + invocation.requestId() + "\n";
            CompletableFuture<Void> gate = logGate;
            CompletableFuture<String> logFuture = (gate == null ? CompletableFuture.<Void>completedFuture(null) : gate)
                    .thenApply(v -> {
                        busy.set(false);
                        return log;
                    });
            String error = functionError;
            byte[] payload = error == null ? invocation.payload()
                    : ("{\"errorMessage\":\"boom\",\"errorType\":\"" + error + "\"}").getBytes();
            return CompletableFuture.completedFuture(
                    new InvokeResult(invocation.requestId(), payload, "application/json", error, logFuture));
        }

        @Override
        public boolean busy() {
            return busy.get();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
