package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real shell-script runtimes using curl against the environment's real Runtime API. */
class LocalEnvironmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern REPORT = Pattern.compile(
            "REPORT RequestId: ([0-9a-f-]+)\tDuration: (\\d+\\.\\d{2}) ms\tBilled Duration: (\\d+) ms\t"
                    + "Memory Size: 128 MB\tMax Memory Used: (\\d+) MB(\tInit Duration: \\d+\\.\\d{2} ms)?(\t.*)?");

    @TempDir
    Path dir;

    // a cold start opens a session and runs sh, mktemp and curl: the default init limit, so a loaded machine's
    // cold start is not an init timeout (initThatNeverCallsNextTimesOut has its own short one)
    private final EnvironmentFixture fixture = new EnvironmentFixture(Duration.ofSeconds(10));

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private LocalEnvironment env(String script, Duration timeout) throws IOException {
        ScriptedRuntimes.install(dir.resolve("task"), script);
        return fixture.create(dir.resolve("task"), timeout);
    }

    /** Runs one invoke and waits until the environment is free again (its log complete). */
    private static InvokeResult run(LocalEnvironment env, String payload) throws Exception {
        InvokeResult result = env.invoke(EnvironmentFixture.invocation(payload)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        result.log().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(env.busy()).isFalse();
        return result;
    }

    private static String log(InvokeResult result) throws Exception {
        return result.log().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static JsonNode json(InvokeResult result) throws IOException {
        return JSON.readTree(result.payload());
    }

    @Test
    void successEchoesTheEventWithTheFunctionsEnvironment() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(3));
        InvokeResult result = run(env, "{\"k\":\"v\"}");
        assertThat(result.succeeded()).isTrue();
        assertThat(result.contentType()).isEqualTo("application/json");
        JsonNode body = json(result);
        assertThat(body.get("event").get("k").asText()).isEqualTo("v");
        assertThat(body.get("fn").asText()).isEqualTo("hello");
        assertThat(body.get("handler").asText()).isEqualTo("handler.fn");
        assertThat(body.get("greeting").asText()).isEqualTo("hi");
        assertThat(body.get("hidden").asText()).as("keys starting with _ are dropped").isEmpty();
    }

    @Test
    void logHasStartOutputEndReportInOrderWithMeasuredMemory() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(3));
        InvokeResult first = run(env, "{}");
        List<String> lines = log(first).lines().toList();
        String id = first.requestId();
        int start = lines.indexOf("START RequestId: " + id + " Version: $LATEST");
        int hello = lines.indexOf("function says hello " + id);
        int stderr = lines.indexOf("to stderr too");
        int end = lines.indexOf("END RequestId: " + id);
        assertThat(start).isNotNegative();
        assertThat(hello).isGreaterThan(start).isLessThan(end);
        assertThat(stderr).isGreaterThan(start).isLessThan(end);
        assertThat(end).isEqualTo(lines.size() - 2);
        Matcher report = REPORT.matcher(lines.getLast());
        assertThat(report.matches()).as(lines.getLast()).isTrue();
        assertThat(report.group(1)).isEqualTo(id);
        assertThat(Long.parseLong(report.group(3))).isEqualTo((long) Math.ceil(Double.parseDouble(report.group(2))));
        assertThat(Integer.parseInt(report.group(4))).isGreaterThan(0).isLessThan(128);
        assertThat(report.group(5)).as("Init Duration on a cold start").isNotNull();
        assertThat(report.group(6)).as("no Status on success").isNull();

        InvokeResult second = run(env, "{}");
        Matcher warm = REPORT.matcher(log(second).lines().toList().getLast());
        assertThat(warm.matches()).isTrue();
        assertThat(warm.group(5)).as("no Init Duration when warm").isNull();
        assertThat(fixture.sink.lines).contains("END RequestId: " + id, "END RequestId: " + second.requestId());
    }

    @Test
    void warmInvokesReuseTheSameProcess() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(3));
        InvokeResult first = run(env, "{}");
        log(first);
        assertThat(env.busy()).isFalse();
        InvokeResult second = run(env, "{}");
        assertThat(json(second).get("pid").asLong()).isEqualTo(json(first).get("pid").asLong());
        assertThat(fixture.transitions.stream().map(t -> t.to().name()).toList()).containsExactly(
                "Starting", "Ready", "Invoking", "ResponseSent", "Ready", "Invoking", "ResponseSent", "Ready");
    }

    @Test
    void aSecondInvokeWhileBusyIsAnInvariantViolation() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(3));
        var pending = env.invoke(EnvironmentFixture.invocation("{\"hang\":1}"));
        assertThatThrownBy(() -> env.invoke(EnvironmentFixture.invocation("{}")))
                .isInstanceOf(IllegalStateException.class);
        pending.cancel(true);
    }

    @Test
    void handledErrorIsANormalCompletionWithoutStatus() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(3));
        InvokeResult result = run(env, "{\"fail\":1}");
        assertThat(result.functionError()).isEqualTo("Function.MyError");
        assertThat(json(result).get("errorMessage").asText()).isEqualTo("boom");
        assertThat(json(result).get("errorType").asText()).isEqualTo("MyError");
        String report = log(result).lines().toList().getLast();
        assertThat(report).startsWith("REPORT").doesNotContain("Status");
        assertThat(run(env, "{}").succeeded()).isTrue();
    }

    @Test
    void crashMidInvokeIsAnExitErrorAndTheNextInvokeStartsAFreshProcess() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(3));
        long pidBefore = json(run(env, "{}")).get("pid").asLong();
        InvokeResult crash = run(env, "{\"crash\":1}");
        assertThat(crash.functionError()).isEqualTo("Runtime.ExitError");
        assertThat(json(crash).get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(json(crash).get("errorMessage").asText())
                .isEqualTo("RequestId: " + crash.requestId() + " Error: Runtime exited with error: exit status 3");
        List<String> lines = log(crash).lines().toList();
        assertThat(lines).contains("crashing");
        assertThat(lines.getLast()).endsWith("\tStatus: error\tError Type: Runtime.ExitError");
        InvokeResult after = run(env, "{}");
        assertThat(after.succeeded()).isTrue();
        assertThat(json(after).get("pid").asLong()).isNotEqualTo(pidBefore);
        assertThat(log(after)).contains("Init Duration");
    }

    @Test
    void hangTimesOutResetsAndTheNextInvokeWorks() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(1));
        long pidBefore = json(run(env, "{}")).get("pid").asLong();
        InvokeResult hang = run(env, "{\"hang\":1}");
        assertThat(hang.functionError()).isEqualTo("Sandbox.Timedout");
        assertThat(json(hang).get("errorMessage").asText())
                .isEqualTo("RequestId: " + hang.requestId() + " Error: Task timed out after 1.00 seconds");
        List<String> lines = log(hang).lines().toList();
        assertThat(lines).anyMatch(l -> l.matches(
                "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z " + hang.requestId() + " Task timed out after 1.00 seconds"));
        assertThat(lines.getLast()).endsWith("\tStatus: timeout");
        await().atMost(WAIT).until(() -> ProcessHandle.of(pidBefore).isEmpty());
        InvokeResult after = run(env, "{}");
        assertThat(after.succeeded()).isTrue();
        assertThat(json(after).get("pid").asLong()).isNotEqualTo(pidBefore);
    }

    @Test
    void initErrorFailsTheInvokeWithTheRuntimesTypeAfterOneSuppressedRetry() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.INIT_ERROR, Duration.ofSeconds(3));
        InvokeResult result = run(env, "{}");
        assertThat(result.functionError()).isEqualTo("Runtime.BadFunctionCode");
        assertThat(json(result).get("errorMessage").asText()).isEqualTo("cannot load handler");
        List<String> lines = log(result).lines().toList();
        String id = result.requestId();
        assertThat(lines.stream().filter(l -> l.equals("init is failing")).count()).isEqualTo(2);
        Pattern initReport = Pattern.compile("INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: (init|invoke)\t"
                + "Status: error\tError Type: Runtime.BadFunctionCode");
        List<String> reports = lines.stream().filter(l -> l.startsWith("INIT_REPORT")).toList();
        assertThat(reports).hasSize(2).allMatch(l -> initReport.matcher(l).matches());
        assertThat(reports.get(0)).contains("Phase: init");
        assertThat(reports.get(1)).contains("Phase: invoke");
        int start = lines.indexOf("START RequestId: " + id + " Version: $LATEST");
        assertThat(start).isGreaterThan(lines.indexOf(reports.get(0))).isLessThan(lines.indexOf(reports.get(1)));
        assertThat(lines.get(lines.size() - 2)).isEqualTo("END RequestId: " + id);
        assertThat(lines.getLast()).startsWith("REPORT RequestId: " + id)
                .endsWith("\tStatus: error\tError Type: Runtime.BadFunctionCode");
    }

    @Test
    void missingBootstrapIsAnInvalidEntrypoint() throws Exception {
        LocalEnvironment env = fixture.create(dir, Duration.ofSeconds(3));
        InvokeResult result = run(env, "{}");
        assertThat(result.functionError()).isEqualTo("Runtime.InvalidEntrypoint");
        assertThat(json(result).get("errorType").asText()).isEqualTo("Runtime.InvalidEntrypoint");
        assertThat(log(result)).contains("Phase: init\tStatus: error\tError Type: Runtime.InvalidEntrypoint",
                "Phase: invoke\tStatus: error\tError Type: Runtime.InvalidEntrypoint");
    }

    @Test
    void initThatNeverCallsNextTimesOut() throws Exception {
        try (EnvironmentFixture shortInit = new EnvironmentFixture(Duration.ofMillis(700))) {
            ScriptedRuntimes.install(dir.resolve("task"), ScriptedRuntimes.NEVER_READY);
            LocalEnvironment env = shortInit.create(dir.resolve("task"), Duration.ofSeconds(1));
            InvokeResult result = run(env, "{}");
            assertThat(result.functionError()).isEqualTo("Sandbox.Timedout");
            String log = log(result);
            assertThat(log).contains("initialising forever");
            assertThat(log).containsPattern(
                    "INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: init\tStatus: timeout\n");
            assertThat(log).containsPattern(
                    "INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: invoke\tStatus: timeout\n");
            assertThat(log.lines().toList().getLast()).endsWith("\tStatus: timeout");
        }
    }

    @Test
    void runtimeSeesTheNextHeaders() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(3));
        long before = System.currentTimeMillis();
        Invocation inv = new Invocation("8f5d1a2e-0000-4000-8000-000000000001", "{\"headers\":1}".getBytes(),
                "application/json", "arn:aws:lambda:us-east-1:000000000000:function:hello:prod",
                "{\"client\":{\"app_title\":\"t\"},\"custom\":{},\"env\":{}}", null, "Root=1-abc-def;Sampled=1", null);
        InvokeResult result = env.invoke(inv).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<String> lines = log(result).lines().toList();
        assertThat(lines).contains(
                "Lambda-Runtime-Aws-Request-Id: 8f5d1a2e-0000-4000-8000-000000000001",
                "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:000000000000:function:hello:prod",
                "Lambda-Runtime-Client-Context: {\"client\":{\"app_title\":\"t\"},\"custom\":{},\"env\":{}}",
                "Lambda-Runtime-Trace-Id: Root=1-abc-def;Sampled=1");
        assertThat(lines).noneMatch(l -> l.startsWith("Lambda-Runtime-Cognito-Identity"))
                .noneMatch(l -> l.startsWith("Lambda-Runtime-Aws-Tenant-Id"));
        long deadline = lines.stream().filter(l -> l.startsWith("Lambda-Runtime-Deadline-Ms: "))
                .map(l -> Long.parseLong(l.substring("Lambda-Runtime-Deadline-Ms: ".length()))).findFirst().orElseThrow();
        assertThat(deadline).isBetween(before + 3000, System.currentTimeMillis() + 3000);
    }

    @Test
    void oversizeResponseFailsTheInvokeAndTheEnvironmentKeepsWorking() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(5));
        long pid = json(run(env, "{}")).get("pid").asLong();
        InvokeResult big = run(env, "{\"big\":1}");
        assertThat(big.functionError()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(json(big).get("errorMessage").asText()).isEqualTo(
                "Response payload size (7340032 bytes) exceeded maximum allowed payload size (6291556 bytes).");
        assertThat(log(big)).contains("RequestEntityTooLarge");
        InvokeResult after = run(env, "{}");
        assertThat(after.succeeded()).isTrue();
        assertThat(json(after).get("pid").asLong()).isEqualTo(pid);
    }

    @Test
    void closeKillsEverythingAndClosesThePort() throws Exception {
        // a timeout far beyond the test: the hanging invoke can only end through close (Sandbox.Failure)
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(60));
        long pid = json(run(env, "{}")).get("pid").asLong();
        var hanging = env.invoke(EnvironmentFixture.invocation("{\"hang\":1}"));
        await().atMost(WAIT).until(() -> fixture.sink.lines.contains("hanging"));
        List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();
        assertThat(tree).isNotEmpty();
        String[] hostPort = env.runtimeApi().split(":");
        env.close();
        InvokeResult failed = hanging.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(failed.functionError()).isEqualTo("Sandbox.Failure");
        assertThat(failed.log().isDone()).isTrue();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        await().atMost(WAIT).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
            }
        }).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> env.invoke(EnvironmentFixture.invocation("{}"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void logStreamNameHasLambdasShape() throws Exception {
        LocalEnvironment env = env(ScriptedRuntimes.ECHO, Duration.ofSeconds(3));
        assertThat(env.logStream()).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
        assertThat(new String(new byte[0], StandardCharsets.UTF_8)).isEmpty();
    }
}
