package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.environment.telemetry.JsonLineLevel;
import dev.lamina.environment.telemetry.LogLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With JSON logs, lines a function prints on stdout/stderr are filtered by ApplicationLogLevel as Lambda does: a
 * JSON object's {@code "level"} is its level, anything else (text, a missing or unknown level) is INFO. A real
 * shell runtime prints the lines.
 */
class JsonStdoutLevelTest {
    @TempDir
    Path dir;

    private final EnvironmentFixture fixture = new EnvironmentFixture(Duration.ofSeconds(10));

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain text|INFO",
            "{\"level\":\"debug\",\"msg\":\"m\"}|DEBUG",
            "  {\"msg\":\"m\",\"nested\":{\"level\":\"ERROR\"},\"level\":\"WARN\"}|WARN",
            "{\"level\":\"loud\"}|INFO",
            "{\"level\":3}|INFO",
            "{\"msg\":\"no level\"}|INFO",
            "{\"level\":\"FATAL\"|INFO",
            "[\"level\",\"ERROR\"]|INFO"})
    void aLinesLevelIsItsJsonLevelElseInfo(String line, LogLevel expected) {
        assertThat(JsonLineLevel.of(line)).isEqualTo(expected);
    }

    @Test
    void functionLinesBelowTheApplicationLevelAreDroppedExtensionsUnaffected() throws Exception {
        Path task = dir.resolve("task");
        ScriptedRuntimes.install(task, ScriptedRuntimes.loop(""
                + "  echo 'plain info line'\n"
                + "  echo '{\"level\":\"DEBUG\",\"message\":\"debug json\"}'\n"
                + "  echo '{\"level\":\"warn\",\"message\":\"warn json\"}' >&2\n"
                + "  echo '{\"level\":\"ERROR\",\"message\":\"error json\"}'\n"
                + ScriptedRuntimes.respond("{}")));
        EnvironmentSpec spec = new EnvironmentSpec("hello", "$LATEST", "handler.fn", "provided.al2023", task, null,
                null, null, 128, Duration.ofSeconds(5), Map.of(), "us-east-1", "000000000000",
                EnvironmentSpec.DEFAULT_EPHEMERAL_STORAGE_MB, EnvironmentSpec.JSON, "WARN", null, null);
        LocalEnvironment env = fixture.create(spec);

        InvokeResult result = env.invoke(EnvironmentFixture.invocation("{}")).get(20, TimeUnit.SECONDS);
        String log = result.log().get(10, TimeUnit.SECONDS);

        assertThat(fixture.sink.lines).contains("{\"level\":\"warn\",\"message\":\"warn json\"}",
                "{\"level\":\"ERROR\",\"message\":\"error json\"}")
                .noneMatch(l -> l.contains("plain info line") || l.contains("debug json"));
        assertThat(log).contains("warn json", "error json").doesNotContain("plain info line", "debug json");
    }
}
