package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lamina.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** {@code lamina logs} against a whole Lamina: the shell runtime's real environment lines, read back per function. */
class LogsCommandTest {

    /** {@code aws logs tail}'s shape: {@code <timestamp> <log stream> <message>}. */
    private static final String LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00 "
            + "\\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST][0-9a-f]{32} .*";

    @TempDir
    Path tmp;

    /** Runs {@code lamina <args>} in-process; returns the exit code, stdout into {@code out}. */
    private static int lamina(StringWriter out, StringWriter err, String... args) {
        return new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void showsEveryLineOfBothInvokesInOrder() {
        try (TestLamina lamina = TestLamina.start(tmp.resolve("data"));
                LambdaClient lambda = Sdk.client(lamina.endpoint())) {
            Sdk.create(lambda, "logged", "provided.al2023", "function.handler", FunctionZips.shellRuntime(tmp), 3,
                    Map.of());
            String first = Sdk.invoke(lambda, "logged", "{}").responseMetadata().requestId();
            String second = Sdk.invoke(lambda, "logged", "{}").responseMetadata().requestId();

            String[] output = new String[1];
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                assertThat(lamina(out, err, "logs", "logged", "--endpoint", lamina.endpoint().toString()))
                        .as(err.toString()).isZero();
                output[0] = out.toString();
                return output[0].contains("REPORT RequestId: " + second);
            });
            List<String> lines = output[0].lines().toList();
            assertThat(lines).allMatch(l -> l.matches(LINE), "look like `aws logs tail` lines");
            assertThat(lines).anyMatch(l -> l.contains("init: starting bootstrap for logged"));
            int previousReport = -1;
            for (String id : List.of(first, second)) {
                int start = indexOf(lines, "START RequestId: " + id + " Version: $LATEST");
                int handling = indexOf(lines, "handling " + id);
                int end = indexOf(lines, "END RequestId: " + id);
                int report = indexOf(lines, "REPORT RequestId: " + id);
                assertThat(List.of(previousReport, start, handling, end, report)).as(output[0]).isSorted();
                assertThat(start).isGreaterThan(previousReport);
                previousReport = report;
            }

            StringWriter err = new StringWriter();
            assertThat(lamina(new StringWriter(), err, "logs", "nope", "--endpoint", lamina.endpoint().toString()))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("ResourceNotFoundException").contains("Function not found");
        }
    }

    @Test
    void followSeesAnInvokeMadeAfterItStarted() throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread follower;
        try (TestLamina lamina = TestLamina.start(tmp.resolve("data"));
                LambdaClient lambda = Sdk.client(lamina.endpoint())) {
            Sdk.create(lambda, "followed", "provided.al2023", "function.handler", FunctionZips.shellRuntime(tmp), 3,
                    Map.of());
            follower = Thread.ofVirtual().start(() -> exit.set(lamina(out, new StringWriter(), "logs", "followed",
                    "--follow", "--since", "1h", "--endpoint", lamina.endpoint().toString())));
            String first = Sdk.invoke(lambda, "followed", "{}").responseMetadata().requestId();
            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("REPORT RequestId: " + first));

            String second = Sdk.invoke(lambda, "followed", "{}").responseMetadata().requestId();
            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("REPORT RequestId: " + second));
            List<String> lines = out.toString().lines().toList();
            assertThat(indexOf(lines, "START RequestId: " + second + " Version: $LATEST"))
                    .isGreaterThan(indexOf(lines, "REPORT RequestId: " + first));
            assertThat(lines).allMatch(l -> l.matches(LINE));
            assertThat(follower.isAlive()).isTrue();
        }
        // Lamina stopped: the follow ends, exit 0
        assertThat(follower.join(Duration.ofSeconds(20))).isTrue();
        assertThat(exit.get()).isZero();
    }

    private static int indexOf(List<String> lines, String message) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(" " + message) || lines.get(i).contains(" " + message + "\t")) {
                return i;
            }
        }
        throw new AssertionError("no line " + message + " in\n" + String.join("\n", lines));
    }
}
