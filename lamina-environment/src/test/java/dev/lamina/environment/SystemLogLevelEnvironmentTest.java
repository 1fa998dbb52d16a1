package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SystemLogLevel} WARN keeps START, END and REPORT (INFO) out of the function's log and the invoke's tail;
 * the function's own output stays. Text logs (no system level) and INFO keep them.
 */
class SystemLogLevelEnvironmentTest {
    @TempDir
    Path dir;

    private final EnvironmentFixture fixture = new EnvironmentFixture(Duration.ofSeconds(10));

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private String invokeLog(String format, String systemLevel) throws Exception {
        Path task = dir.resolve("task-" + format + "-" + systemLevel);
        ScriptedRuntimes.install(task, ScriptedRuntimes.ECHO);
        LocalEnvironment env = fixture.create(new EnvironmentSpec("hello", "$LATEST", "handler.fn", "provided.al2023",
                task, null, null, null, 128, Duration.ofSeconds(5), Map.of(), "us-east-1", "000000000000",
                EnvironmentSpec.DEFAULT_EPHEMERAL_STORAGE_MB, format, null, systemLevel, null));
        InvokeResult result = env.invoke(EnvironmentFixture.invocation("{}")).get(20, TimeUnit.SECONDS);
        return result.log().get(10, TimeUnit.SECONDS);
    }

    @Test
    void warnDropsStartEndAndReportButNotTheFunctionsOutput() throws Exception {
        String log = invokeLog(EnvironmentSpec.JSON, "WARN");
        assertThat(log).contains("function says hello").doesNotContain("START RequestId:")
                .doesNotContain("END RequestId:").doesNotContain("REPORT RequestId:");
        assertThat(fixture.sink.lines).noneMatch(l -> l.startsWith("START ") || l.startsWith("REPORT "));
    }

    @Test
    void infoAndTextKeepThePlatformLines() throws Exception {
        assertThat(invokeLog(EnvironmentSpec.JSON, "INFO")).contains("START RequestId:", "END RequestId:",
                "REPORT RequestId:");
        assertThat(invokeLog(EnvironmentSpec.TEXT, null)).contains("START RequestId:", "REPORT RequestId:");
    }
}
