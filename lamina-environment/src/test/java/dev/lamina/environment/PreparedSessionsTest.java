package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lamina.sandbox.ExecRequest;
import dev.lamina.sandbox.PlainProcessSandbox;
import dev.lamina.sandbox.Sandbox;
import dev.lamina.sandbox.SandboxSession;
import dev.lamina.sandbox.SandboxedProcess;
import dev.lamina.sandbox.SessionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions opened ahead of demand (D60): taken by the next environment of the shape, never left behind. */
class PreparedSessionsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    /** Plain sessions, recording the name each was opened for (an environment's id, or {@code prepared-N}). */
    private static class RecordingSandbox implements Sandbox {
        final PlainProcessSandbox plain = new PlainProcessSandbox();

        final List<String> opened = new CopyOnWriteArrayList<>();

        @Override
        public SandboxedProcess start(ExecRequest request) throws IOException {
            return plain.start(request);
        }

        @Override
        public SandboxSession open(SessionSpec spec) throws IOException {
            opened.add(spec.name());
            return plain.open(spec);
        }

        @Override
        public String kind() {
            return plain.kind();
        }
    }

    /** Opens of {@code prepared-*} sessions wait for {@link #gate}. */
    private static final class GatedSandbox extends RecordingSandbox {
        final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);

        @Override
        public SandboxSession open(SessionSpec spec) throws IOException {
            if (spec.name().startsWith("prepared-")) {
                opened.add(spec.name() + " (waiting)");
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            return super.open(spec);
        }
    }

    private Path echoTask() throws IOException {
        Path task = dir.resolve("task");
        ScriptedRuntimes.install(task, ScriptedRuntimes.ECHO);
        return task;
    }

    private static LocalEnvironmentFactory preparing(Sandbox sandbox, Path scratch) {
        return LocalEnvironmentFactory.builder().sandbox(sandbox).scratchDir(scratch).prepareSessions(true).build();
    }

    private static long children(Path scratch) throws IOException {
        if (!Files.isDirectory(scratch)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(scratch)) {
            return s.count();
        }
    }

    @Test
    void theNextEnvironmentOfAShapeTakesTheSessionOpenedAheadAndNothingIsLeftAfterClose() throws Exception {
        RecordingSandbox sandbox = new RecordingSandbox();
        Path scratch = dir.resolve("scratch");
        Path task = echoTask();
        EnvironmentSpec spec = EnvironmentFixture.spec(task, Duration.ofSeconds(3));
        try (LocalEnvironmentFactory factory = preparing(sandbox, scratch);
                LocalEnvironment first = factory.createLocal(spec)) {
            assertThat(run(first).succeeded()).isTrue();
            assertThat(sandbox.opened).contains(first.id()); // nothing was ready: it opened its own
            await().atMost(WAIT).until(() -> factory.preparedSessions() >= 1);
            try (LocalEnvironment second = factory.createLocal(spec)) {
                assertThat(run(second).succeeded()).isTrue();
                assertThat(run(second).succeeded()).isTrue();
                assertThat(sandbox.opened).doesNotContain(second.id()); // it ran in the prepared session
            }
        }
        // a session still opening when the factory closed is closed once open
        await().atMost(WAIT).until(() -> children(scratch) == 0);
    }

    /**
     * Back-to-back cold starts: the next environment comes while the session prepared after the last one is still
     * opening. It waits for that session rather than opening one of its own (which could only be slower).
     */
    @Test
    void anEnvironmentCreatedWhileItsShapesSessionIsOpeningWaitsForThatSession() throws Exception {
        GatedSandbox sandbox = new GatedSandbox();
        Path scratch = dir.resolve("scratch");
        Path task = echoTask();
        EnvironmentSpec spec = EnvironmentFixture.spec(task, Duration.ofSeconds(3));
        try (LocalEnvironmentFactory factory = preparing(sandbox, scratch);
                LocalEnvironment first = factory.createLocal(spec)) {
            await().atMost(WAIT).until(() -> sandbox.opened.stream().anyMatch(n -> n.endsWith("(waiting)")));
            CompletableFuture<LocalEnvironment> second = new CompletableFuture<>();
            Thread creator = Thread.ofPlatform().start(() -> second.complete(factory.createLocal(spec)));
            await().atMost(WAIT).until(() -> creator.getState() == Thread.State.TIMED_WAITING);
            assertThat(second).isNotDone();
            sandbox.gate.countDown();
            try (LocalEnvironment env = second.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                assertThat(run(env).succeeded()).isTrue();
                assertThat(sandbox.opened).doesNotContain(env.id()); // it ran in the session it waited for
            }
        }
        await().atMost(WAIT).until(() -> children(scratch) == 0);
    }

    /** D79: the refill after a take waits while that cold start runs, and opens once its first invoke is answered. */
    @Test
    void sessionsAreOpenedAheadOnlyOnceTheColdStartThatTookOneIsOver() throws Exception {
        RecordingSandbox sandbox = new RecordingSandbox();
        Path scratch = dir.resolve("scratch");
        Path task = echoTask();
        // a deferral limit far beyond the test: only the end of the cold start (its first invoke answered) can
        // start the refill, and no limit can fire inside the window checked below
        try (LocalEnvironmentFactory factory = LocalEnvironmentFactory.builder().sandbox(sandbox).scratchDir(scratch)
                        .prepareSessions(true).maxDeferral(Duration.ofMinutes(5)).build();
                LocalEnvironment env = factory.createLocal(EnvironmentFixture.spec(task, Duration.ofSeconds(3)))) {
            // past the 100 ms delay: still in its cold start, so nothing opens
            await().during(Duration.ofMillis(500)).atMost(WAIT)
                    .until(() -> sandbox.opened.stream().noneMatch(n -> n.startsWith("prepared-")));
            assertThat(run(env).succeeded()).isTrue();
            await().atMost(WAIT).until(() -> sandbox.opened.stream().anyMatch(n -> n.startsWith("prepared-")));
        }
    }

    @Test
    void aSessionNobodyTakesIsClosedAfterItsTimeToLive() throws Exception {
        RecordingSandbox sandbox = new RecordingSandbox();
        Path scratch = dir.resolve("scratch");
        Path task = echoTask();
        try (LocalEnvironmentFactory factory = preparing(sandbox, scratch);
                LocalEnvironment env = factory.createLocal(EnvironmentFixture.spec(task, Duration.ofSeconds(3)))) {
            await().atMost(WAIT).until(() -> factory.preparedSessions() >= 1);
            // the environment never ran, so the prepared session is the only one there was
            await().atMost(WAIT).until(() -> children(scratch) == 0);
        }
    }

    private static InvokeResult run(LocalEnvironment env) throws Exception {
        InvokeResult result = env.invoke(EnvironmentFixture.invocation("{}")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        result.log().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return result;
    }
}
