package dev.lamina.environment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A factory with a recording sink and recorded transitions, and helpers to build specs and invocations. Plain
 * sessions: these tests drive the lifecycle and let fixtures write into host directories; confinement (bubblewrap)
 * is tested end to end in lamina-it.
 */
final class EnvironmentFixture implements AutoCloseable {
    final RecordingLogSink sink = new RecordingLogSink();
    final List<StateOutcome.Transition> transitions = new CopyOnWriteArrayList<>();
    final LocalEnvironmentFactory factory;
    private final List<LocalEnvironment> created = new ArrayList<>();

    final List<EnvironmentLifecycle.Transition> lifecycle = new CopyOnWriteArrayList<>();

    EnvironmentFixture(Duration initTimeout) {
        factory = LocalEnvironmentFactory.builder()
                .sandbox(new dev.lamina.sandbox.PlainProcessSandbox())
                .lifecycle(lifecycle::add)
                .logSink(sink)
                .initTimeout(initTimeout)
                .transitions(transitions::add)
                .build();
    }

    EnvironmentFixture() {
        this(Duration.ofSeconds(10));
    }

    static EnvironmentSpec spec(Path taskRoot, Duration timeout) {
        return new EnvironmentSpec("hello", "$LATEST", "handler.fn", "provided.al2023", taskRoot, null, null, null,
                128, timeout, Map.of("GREETING", "hi", "_HIDDEN", "dropped"), "us-east-1", "000000000000");
    }

    /** A spec with layers ({@code opt}), an optional managed runtime directory and extra function variables. */
    static EnvironmentSpec spec(Path taskRoot, Path opt, Path runtimeDir, Duration timeout, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("GREETING", "hi", "_HIDDEN", "dropped"));
        all.putAll(env);
        return new EnvironmentSpec("hello", "$LATEST", "handler.fn", runtimeDir == null ? "provided.al2023" : "java21",
                taskRoot, opt, runtimeDir, runtimeDir == null ? null : "AWS_Lambda_java21", 128, timeout, all,
                "us-east-1", "000000000000");
    }

    LocalEnvironment create(EnvironmentSpec spec) {
        LocalEnvironment env = factory.createLocal(spec);
        created.add(env);
        return env;
    }

    LocalEnvironment create(Path taskRoot, Duration timeout) {
        LocalEnvironment env = factory.createLocal(spec(taskRoot, timeout));
        created.add(env);
        return env;
    }

    static Invocation invocation(String payload) {
        return new Invocation(UUID.randomUUID().toString(), payload.getBytes(), "application/json",
                "arn:aws:lambda:us-east-1:000000000000:function:hello", null, null, null, null);
    }

    @Override
    public void close() {
        created.forEach(LocalEnvironment::close);
        factory.close();
    }
}
