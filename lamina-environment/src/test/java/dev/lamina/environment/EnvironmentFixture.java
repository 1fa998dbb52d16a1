package dev.lamina.environment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A factory with a recording sink and recorded transitions, and helpers to build specs and invocations. */
final class EnvironmentFixture implements AutoCloseable {
    final RecordingLogSink sink = new RecordingLogSink();
    final List<StateOutcome.Transition> transitions = new CopyOnWriteArrayList<>();
    final LocalEnvironmentFactory factory;
    private final List<LocalEnvironment> created = new ArrayList<>();

    EnvironmentFixture(Duration initTimeout) {
        factory = LocalEnvironmentFactory.builder()
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
                128, timeout, Map.of("GREETING", "hi", "_HIDDEN", "dropped"), "us-east-1", "000000000000", null);
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
