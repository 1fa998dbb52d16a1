package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managed runtime's {@code _LAMBDA_TELEMETRY_LOG_FD}: a real process (python3) writes the Java runtime's frames
 * to the fd it is given, and each frame becomes one function record with the frame's time; with JSON logs, records
 * below ApplicationLogLevel are dropped. OS-only runtimes get no such fd.
 */
class LogFdTest {
    /** Writes frames as the RIC does: JSON INFO over two lines, JSON DEBUG, an unleveled text frame. */
    private static final String FRAMES = """
            import os, struct, sys
            fd = int(os.environ["_LAMBDA_TELEMETRY_LOG_FD"])
            def frame(level, fmt, micros, message):
                body = message.encode()
                os.write(fd, struct.pack(">IIQ", 0xa55a0000 | level << 2 | 1 << 1 | fmt, len(body), micros) + body)
            frame(3, 0, 1700000000123456, '{"level":"INFO","message":"line one\\\\nline two","AWSRequestId":"%s"}\\n' % sys.argv[1])
            frame(2, 0, 1700000000200000, '{"level":"DEBUG","message":"too detailed"}\\n')
            frame(0, 1, 1700000000300000, 'unleveled text')
            """;

    /** A runtime loop whose handler writes frames, reports whether the FIFO is visible in /tmp, and answers. */
    private static final String RUNTIME = ScriptedRuntimes.loop(""
            + "  python3 \"$LAMBDA_RUNTIME_DIR/frames.py\" \"$REQUEST_ID\"\n"
            + "  echo \"fifos in tmp: $(ls -A \"${TMPDIR:-/tmp}\" | grep -c lamina-log)\"\n"
            + ScriptedRuntimes.respond("{}"));

    @TempDir
    Path dir;

    private final EnvironmentFixture fixture = new EnvironmentFixture(Duration.ofSeconds(10));

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static EnvironmentSpec jsonSpec(Path task, Path runtimeDir) {
        return new EnvironmentSpec("hello", "$LATEST", "handler.fn", "java21", task, null, runtimeDir,
                "AWS_Lambda_java21", 128, Duration.ofSeconds(5), Map.of(), "us-east-1", "000000000000",
                EnvironmentSpec.DEFAULT_EPHEMERAL_STORAGE_MB, EnvironmentSpec.JSON, "INFO", null, null);
    }

    @Test
    void framesBecomeOneRecordEachWithTheirTimeAndLevelsBelowTheApplicationLevelAreDropped() throws Exception {
        Path runtimeDir = dir.resolve("runtime");
        ScriptedRuntimes.install(runtimeDir, RUNTIME);
        Files.writeString(runtimeDir.resolve("frames.py"), FRAMES);
        Files.createDirectories(dir.resolve("task"));
        LocalEnvironment env = fixture.create(jsonSpec(dir.resolve("task"), runtimeDir));

        InvokeResult result = env.invoke(EnvironmentFixture.invocation("{}")).get(20, TimeUnit.SECONDS);
        String log = result.log().get(10, TimeUnit.SECONDS);

        String json = "{\"level\":\"INFO\",\"message\":\"line one\\nline two\",\"AWSRequestId\":\""
                + result.requestId() + "\"}";
        assertThat(fixture.sink.lines).as("one record for the two-line message").contains(json, "unleveled text")
                .doesNotContain("{\"level\":\"DEBUG\",\"message\":\"too detailed\"}")
                .noneMatch(line -> line.contains("too detailed") || line.contains("\u0000"));
        assertThat(fixture.sink.times.get(json)).isEqualTo(Instant.parse("2023-11-14T22:13:20.123456Z"));
        assertThat(fixture.sink.times.get("unleveled text")).isEqualTo(Instant.parse("2023-11-14T22:13:20.300Z"));
        assertThat(log).as("the invoke's tail log has the records between START and END").contains(json)
                .contains("unleveled text");
        assertThat(log.indexOf(json)).isGreaterThan(log.indexOf("START RequestId:"))
                .isLessThan(log.indexOf("END RequestId:"));
        assertThat(fixture.sink.lines).as("the FIFO's name is gone once both ends are open")
                .contains("fifos in tmp: 0");

        InvokeResult warm = env.invoke(EnvironmentFixture.invocation("{}")).get(20, TimeUnit.SECONDS);
        assertThat(warm.log().get(10, TimeUnit.SECONDS)).as("the fd keeps working on warm invokes")
                .contains("\"AWSRequestId\":\"" + warm.requestId() + "\"");
    }

    @Test
    void osOnlyRuntimesGetNoLogFd() throws Exception {
        Path task = dir.resolve("task");
        ScriptedRuntimes.install(task, ScriptedRuntimes.loop(""
                + "  echo \"log fd: ${_LAMBDA_TELEMETRY_LOG_FD:-none}\"\n" + ScriptedRuntimes.respond("{}")));
        LocalEnvironment env = fixture.create(task, Duration.ofSeconds(5));
        InvokeResult result = env.invoke(EnvironmentFixture.invocation("{}")).get(20, TimeUnit.SECONDS);
        assertThat(result.log().get(10, TimeUnit.SECONDS)).contains("log fd: none");
    }

    @Test
    void aRuntimeThatExitsBeforeInvokesLeavesNoReaderWaitingAndTheNextInitGetsAFreshFd() throws Exception {
        Path runtimeDir = dir.resolve("runtime");
        ScriptedRuntimes.install(runtimeDir, ScriptedRuntimes.INIT_ERROR);
        Files.createDirectories(dir.resolve("task"));
        LocalEnvironment env = fixture.create(jsonSpec(dir.resolve("task"), runtimeDir));
        InvokeResult failed = env.invoke(EnvironmentFixture.invocation("{}")).get(20, TimeUnit.SECONDS);
        assertThat(failed.succeeded()).isFalse();
        failed.log().get(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).as("no log fd reader left")
                        .noneMatch(t -> t.getName().startsWith("lamina-logfd-" + env.id())));
    }
}
