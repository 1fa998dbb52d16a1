package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Logs API and Telemetry API wired into a real environment: a Python subscriber extension (standard library
 * only, real HTTP or TCP) receives the platform events of contract §4 and every output line, in order.
 */
class TelemetryWiringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Prints a greeting, then: crash, hang, fail (posts /error), many (100,000 lines), bulk (20,000 × 100 B). */
    private static final String RUNTIME = ScriptedRuntimes.loop(""
            + "  echo \"function says hello $REQUEST_ID\"\n"
            + "  case \"$EVENT\" in\n"
            + "    *crash*) echo crashing; exit 3 ;;\n"
            + "    *hang*) echo hanging; sleep 300 ;;\n"
            + "    *fail*) curl -sS -X POST \"$API/invocation/$REQUEST_ID/error\""
            + " -H 'Lambda-Runtime-Function-Error-Type: Function.MyError'"
            + " -d '{\"errorMessage\":\"boom\",\"errorType\":\"MyError\"}' >/dev/null; rm -f \"$HEADERS\"; continue ;;\n"
            + "    *many*) seq 1 100000 ;;\n"
            + "    *bulk*) seq 1 20000 | sed 's/$/ ................................................................................................/' ;;\n"
            + "  esac\n"
            + ScriptedRuntimes.respond("ok"));

    @TempDir
    Path dir;

    private final EnvironmentFixture fixture = new EnvironmentFixture(Duration.ofSeconds(10));
    private Path task;
    private Path opt;
    private Path logs;

    @BeforeEach
    void layout() throws IOException {
        task = dir.resolve("task");
        opt = dir.resolve("opt");
        logs = Files.createDirectories(dir.resolve("logs"));
        ScriptedRuntimes.install(task, RUNTIME);
        Path script = ScriptedExtensions.executable(opt.resolve("python/subscriber.py"), "");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("extensions/subscriber.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private void subscriber(String name, String settings) throws IOException {
        ScriptedExtensions.install(opt, name, "#!/bin/sh\n" + settings + " exec \"$(dirname \"$0\")/../python/subscriber.py\""
                + " \"$(basename \"$0\")\"\n");
    }

    private LocalEnvironment env(Duration timeout) {
        return fixture.create(EnvironmentFixture.spec(task, opt, null, timeout, Map.of("EXT_LOG", logs.toString())));
    }

    private static InvokeResult run(LocalEnvironment env, String payload) throws Exception {
        InvokeResult r = env.invoke(EnvironmentFixture.invocation(payload)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        r.log().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return r;
    }

    private List<String> out(String name) throws IOException {
        Path file = logs.resolve(name + ".out");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Every record received, in arrival order. */
    private List<JsonNode> records(String name) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (String line : out(name)) {
            if (line.startsWith("B ")) {
                JSON.readTree(line.substring(2)).forEach(all::add);
            } else if (line.startsWith("R ")) {
                all.add(JSON.readTree(line.substring(2)));
            }
        }
        return all;
    }

    private static List<String> types(List<JsonNode> records) {
        return records.stream().map(r -> r.get("type").asText()).toList();
    }

    private static List<JsonNode> platform(List<JsonNode> records) {
        return records.stream().filter(r -> r.get("type").asText().startsWith("platform.")).toList();
    }

    /** The platform records of one invoke: from its platform.start to its platform.report. */
    private static List<JsonNode> invoke(List<JsonNode> records, String requestId) {
        List<JsonNode> p = platform(records);
        int from = -1;
        for (int i = 0; i < p.size(); i++) {
            JsonNode rec = p.get(i).get("record");
            if (p.get(i).get("type").asText().equals("platform.start") && rec.path("requestId").asText().equals(requestId)) {
                from = i;
            }
            if (from >= 0 && p.get(i).get("type").asText().equals("platform.report")
                    && rec.path("requestId").asText().equals(requestId)) {
                return p.subList(from, i + 1);
            }
        }
        return List.of();
    }

    private static JsonNode find(List<JsonNode> records, String type) {
        return records.stream().filter(r -> r.get("type").asText().equals(type)).findFirst().orElseThrow().get("record");
    }

    private List<JsonNode> awaitReport(String name, String requestId) {
        return await().atMost(WAIT).until(() -> invoke(records(name), requestId), l -> !l.isEmpty());
    }

    @Test

    void telemetrySubscriberSeesColdWarmErrorAndCrashInvokes() throws Exception {
        subscriber("tel", "SUB_API=telemetry SUB_SCHEMA=2022-12-13");
        LocalEnvironment env = env(Duration.ofSeconds(10));

        InvokeResult cold = run(env, "{}");
        List<JsonNode> coldEvents = awaitReport("tel", cold.requestId());
        List<JsonNode> all = records("tel");
        assertThat(types(platform(all)).subList(0, 8)).containsExactly("platform.initStart",
                "platform.telemetrySubscription", "platform.initRuntimeDone", "platform.extension",
                "platform.initReport", "platform.start", "platform.runtimeDone", "platform.report");
        assertThat(find(all, "platform.initStart").get("functionName").asText()).isEqualTo("hello");
        assertThat(find(all, "platform.initStart").get("phase").asText()).isEqualTo("init");
        assertThat(find(all, "platform.telemetrySubscription").get("name").asText()).isEqualTo("tel");
        assertThat(find(all, "platform.extension").get("name").asText()).isEqualTo("tel");
        assertThat(find(all, "platform.extension").get("state").asText()).isEqualTo("Ready");
        assertThat(find(all, "platform.initReport").get("status").asText()).isEqualTo("success");
        JsonNode done = find(coldEvents, "platform.runtimeDone");
        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(done.get("metrics").get("producedBytes").asLong()).isEqualTo(2);
        assertThat(done.get("spans").findValuesAsText("name")).contains("responseLatency", "responseDuration");
        JsonNode report = find(coldEvents, "platform.report");
        assertThat(report.get("status").asText()).isEqualTo("success");
        assertThat(report.get("metrics").get("memorySizeMB").asInt()).isEqualTo(128);
        assertThat(report.get("metrics").has("initDurationMs")).isTrue();
        assertThat(report.get("metrics").get("maxMemoryUsedMB").asLong()).isPositive();
        assertThat(report.get("spans").findValuesAsText("name")).contains("extensionOverhead");
        assertThat(all).anySatisfy(r -> assertThat(r.get("record").asText())
                .isEqualTo("function says hello " + cold.requestId()));
        assertThat(all).anySatisfy(r -> {
            assertThat(r.get("type").asText()).isEqualTo("extension");
            assertThat(r.get("record").asText()).startsWith("subscriber tel listening on ");
        });
        assertThat(out("tel")).contains("SUBSCRIBE 200 \"OK\"").anySatisfy(l -> assertThat(l)
                .startsWith("LATE 403 ").contains("Telemetry.SubscriptionClosed"));
        // the REPORT line is rendered from the same event
        double duration = report.get("metrics").get("durationMs").asDouble();
        // (the event's JSON carries µs precision, the line two decimals: they agree to the line's rounding)
        assertThat(fixture.sink.lines).anySatisfy(l -> {
            assertThat(l).startsWith("REPORT RequestId: " + cold.requestId() + "\tDuration: ");
            double lineDuration = Double.parseDouble(l.split("\t")[1].replace("Duration: ", "").replace(" ms", ""));
            assertThat(lineDuration).isCloseTo(duration, org.assertj.core.data.Offset.offset(0.0051));
        });

        InvokeResult warm = run(env, "{}");
        List<JsonNode> warmEvents = awaitReport("tel", warm.requestId());
        assertThat(types(warmEvents)).containsExactly("platform.start", "platform.runtimeDone", "platform.report");
        assertThat(find(warmEvents, "platform.report").get("metrics").has("initDurationMs")).isFalse();

        InvokeResult error = run(env, "{\"fail\":1}");
        List<JsonNode> errorEvents = awaitReport("tel", error.requestId());
        assertThat(types(errorEvents)).containsExactly("platform.start", "platform.runtimeDone", "platform.report");
        assertThat(find(errorEvents, "platform.runtimeDone").get("status").asText()).isEqualTo("error");
        assertThat(find(errorEvents, "platform.runtimeDone").get("errorType").asText()).isEqualTo(error.functionError());
        assertThat(find(errorEvents, "platform.report").get("status").asText()).isEqualTo("error");

        InvokeResult crash = run(env, "{\"crash\":1}");
        List<JsonNode> crashEvents = awaitReport("tel", crash.requestId());
        assertThat(types(crashEvents)).containsExactly("platform.start", "platform.runtimeDone", "platform.report");
        assertThat(find(crashEvents, "platform.runtimeDone").get("status").asText()).isEqualTo("error");
        assertThat(find(crashEvents, "platform.runtimeDone").get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(find(crashEvents, "platform.report").get("errorType").asText()).isEqualTo("Runtime.ExitError");
        // flushed before SHUTDOWN: the report is on file before the SHUTDOWN event
        await().atMost(WAIT).until(() -> out("tel").contains("EVENT SHUTDOWN"));
        assertThat(reportLineIndex(out("tel"), crash.requestId())).isLessThan(out("tel").indexOf("EVENT SHUTDOWN"));
    }

    private static int reportLineIndex(List<String> lines, String requestId) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"platform.report\"") && lines.get(i).contains(requestId)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    @Test
    void telemetrySubscriberSeesATimeoutBeforeShutdown() throws Exception {
        subscriber("tel", "SUB_API=telemetry SUB_SCHEMA=2022-07-01");
        LocalEnvironment env = env(Duration.ofSeconds(5)); // only the hang (sleep 300) times out
        run(env, "{}");
        InvokeResult timeout = run(env, "{\"hang\":1}");
        assertThat(timeout.functionError()).isEqualTo("Sandbox.Timedout");
        List<JsonNode> events = awaitReport("tel", timeout.requestId());
        assertThat(types(events)).containsExactly("platform.start", "platform.runtimeDone", "platform.report");
        assertThat(find(events, "platform.runtimeDone").get("status").asText()).isEqualTo("timeout");
        assertThat(find(events, "platform.report").get("status").asText()).isEqualTo("timeout");
        assertThat(records("tel")).anySatisfy(r -> assertThat(r.get("record").asText()).isEqualTo("hanging"));
        await().atMost(WAIT).until(() -> out("tel").contains("EVENT SHUTDOWN"));
        assertThat(reportLineIndex(out("tel"), timeout.requestId())).isLessThan(out("tel").indexOf("EVENT SHUTDOWN"));
    }

    @Test

    void logsApiSubscriberSeesTheOldRecords() throws Exception {
        subscriber("logs", "SUB_API=logs SUB_SCHEMA=2021-03-18 SUB_TYPES=platform,function");
        LocalEnvironment env = env(Duration.ofSeconds(5)); // only the hang (sleep 300) times out
        InvokeResult cold = run(env, "{}");
        List<JsonNode> coldEvents = awaitReport("logs", cold.requestId());
        List<JsonNode> all = records("logs");
        assertThat(out("logs")).contains("SUBSCRIBE 200 \"OK\"").anySatisfy(l -> assertThat(l)
                .startsWith("LATE 403 ").contains("Logs.SubscriptionClosed"));
        assertThat(types(platform(all)).subList(0, 2)).containsExactly("platform.logsSubscription", "platform.extension");
        assertThat(types(coldEvents)).containsExactly("platform.start", "platform.runtimeDone", "platform.end",
                "platform.report");
        assertThat(find(coldEvents, "platform.report").get("metrics").has("initDurationMs")).isTrue();
        assertThat(find(coldEvents, "platform.runtimeDone").get("status").asText()).isEqualTo("success");
        assertThat(all).anySatisfy(r -> assertThat(r.get("record").asText())
                .isEqualTo("function says hello " + cold.requestId()));

        InvokeResult warm = run(env, "{}");
        assertThat(types(awaitReport("logs", warm.requestId()))).containsExactly("platform.start",
                "platform.runtimeDone", "platform.end", "platform.report");
        assertThat(find(awaitReport("logs", warm.requestId()), "platform.report").get("metrics").has("initDurationMs"))
                .isFalse();

        InvokeResult error = run(env, "{\"fail\":1}");
        List<JsonNode> errorEvents = awaitReport("logs", error.requestId());
        assertThat(types(errorEvents)).containsExactly("platform.start", "platform.runtimeDone", "platform.end",
                "platform.report");
        assertThat(find(errorEvents, "platform.runtimeDone").get("status").asText()).isEqualTo("failure");

        InvokeResult crash = run(env, "{\"crash\":1}");
        List<JsonNode> crashEvents = awaitReport("logs", crash.requestId());
        assertThat(types(crashEvents)).containsExactly("platform.start", "platform.fault", "platform.runtimeDone",
                "platform.end", "platform.report");
        assertThat(find(crashEvents, "platform.fault").asText()).contains(crash.requestId());

        InvokeResult timeout = run(env, "{\"hang\":1}");
        List<JsonNode> timeoutEvents = awaitReport("logs", timeout.requestId());
        assertThat(types(timeoutEvents)).containsExactly("platform.start", "platform.runtimeDone", "platform.end",
                "platform.report");
        assertThat(find(timeoutEvents, "platform.runtimeDone").get("status").asText()).isEqualTo("timeout");
    }

    @Test

    void tcpSubscriberReceivesNdjson() throws Exception {
        subscriber("tcp", "SUB_API=telemetry SUB_SCHEMA=2022-12-13 SUB_PROTOCOL=TCP");
        LocalEnvironment env = env(Duration.ofSeconds(10));
        InvokeResult r = run(env, "{}");
        // TCP has no acknowledgement: the flush before the freeze ends when the kernel has the bytes, so the
        // subscriber may read them only at the next thaw (as on Lambda). Invoke again until it has.
        List<JsonNode> events = await().atMost(WAIT).until(() -> {
            List<JsonNode> seen = invoke(records("tcp"), r.requestId());
            if (seen.isEmpty()) {
                run(env, "{}");
            }
            return seen;
        }, l -> !l.isEmpty());
        assertThat(types(events)).containsExactly("platform.start", "platform.runtimeDone", "platform.report");
        assertThat(out("tcp")).anySatisfy(l -> assertThat(l).startsWith("R {"));
        assertThat(records("tcp")).anySatisfy(rec -> assertThat(rec.get("record").asText())
                .isEqualTo("function says hello " + r.requestId()));
    }

    @Test
    void aStalledSubscriberDoesNotStopTheFunctionAndLearnsWhatWasDropped() throws Exception {
        Path release = dir.resolve("release");
        subscriber("stall", "SUB_API=telemetry SUB_SCHEMA=2022-12-13 SUB_STALL=" + release);
        LocalEnvironment env = env(Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            InvokeResult r = run(env, "{\"bulk\":1}");
            assertThat(r.functionError()).isNull();
            assertThat(new String(r.payload())).isEqualTo("ok");
        }
        Files.createFile(release);
        JsonNode dropped = await().atMost(Duration.ofSeconds(60)).until(() -> {
            run(env, "{}");
            return records("stall").stream().filter(r -> r.get("type").asText().equals("platform.logsDropped"))
                    .findFirst().map(r -> r.get("record")).orElse(null);
        }, d -> d != null);
        assertThat(dropped.get("droppedRecords").asLong()).isPositive();
        assertThat(dropped.get("droppedBytes").asLong()).isPositive();
        assertThat(dropped.get("reason").asText()).isNotBlank();
    }

    @Test

    void everyOneOfAHundredThousandLinesReachesAFastSubscriberInOrder() throws Exception {
        subscriber("fast", "SUB_API=telemetry SUB_SCHEMA=2022-12-13 SUB_TYPES=function SUB_MAX_BYTES=1048576");
        LocalEnvironment env = env(Duration.ofSeconds(30));
        run(env, "{\"many\":1}");
        // the idle environment is frozen once the hub's flush has had 2 s (D11); on a loaded machine the subscriber
        // may not have taken the whole backlog by then: each further invoke thaws it (its own lines are filtered out)
        List<String> numbers = await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> got = records("fast").stream().map(r -> r.get("record").asText())
                    .filter(s -> !s.startsWith("function says")).toList();
            if (got.size() < 100_000) {
                run(env, "{}");
            }
            return got;
        }, l -> l.size() >= 100_000);
        assertThat(numbers).hasSize(100_000);
        for (int i = 0; i < numbers.size(); i++) {
            if (!numbers.get(i).equals(Integer.toString(i + 1))) {
                throw new AssertionError("line " + (i + 1) + " is " + numbers.get(i));
            }
        }
    }
}
