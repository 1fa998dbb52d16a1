package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real external extensions (shell + curl, Python, Java) and shell runtimes against a real environment: the
 * init/invoke/shutdown sequences of contract §4 as the extensions observe them.
 */
class ExtensionLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:hello";

    @TempDir
    Path dir;

    // init runs extensions and the runtime side by side (a Java extension compiles its source first): a generous
    // limit, so a loaded machine's slow cold start is not an init timeout; the timeout test has its own fixture
    private final EnvironmentFixture fixture = new EnvironmentFixture(Duration.ofSeconds(30));
    private Path task;
    private Path opt;
    private Path logs;

    @BeforeEach
    void layout() throws IOException {
        task = dir.resolve("task");
        opt = dir.resolve("opt");
        logs = Files.createDirectories(dir.resolve("logs"));
        ScriptedRuntimes.install(task, ScriptedRuntimes.ECHO);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private LocalEnvironment env(Duration timeout) {
        return fixture.create(EnvironmentFixture.spec(task, opt, null, timeout, Map.of("EXT_LOG", logs.toString())));
    }

    private static InvokeResult result(CompletableFuture<InvokeResult> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String log(InvokeResult r) throws Exception {
        return r.log().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static InvokeResult run(LocalEnvironment env, Invocation inv) throws Exception {
        InvokeResult r = result(env.invoke(inv));
        log(r);
        return r;
    }

    private List<String> recorded(String name) throws IOException {
        Path file = logs.resolve(name + ".log");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void everyLanguageRecordsRegisterInvokeInvokeShutdownWithExactEvents() throws Exception {
        ScriptedExtensions.installRecorderSources(opt);
        ScriptedExtensions.install(opt, "rec-java", ScriptedExtensions.JAVA_LAUNCHER);
        ScriptedExtensions.install(opt, "rec-py", ScriptedExtensions.PYTHON_LAUNCHER);
        ScriptedExtensions.install(opt, "rec-sh", ScriptedExtensions.RECORDER + "");
        ScriptedExtensions.install(opt, "zz-no-events", ScriptedExtensions.NO_EVENTS);
        Files.createDirectories(opt.resolve("extensions/a-directory"));
        Files.writeString(opt.resolve("extensions/README"), "not executable: skipped");
        LocalEnvironment env = env(Duration.ofSeconds(10));

        Invocation first = EnvironmentFixture.invocation("{}");
        Invocation second = new Invocation(java.util.UUID.randomUUID().toString(), "{}".getBytes(), "application/json",
                ARN + ":$LATEST", null, null, "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", null);
        long before1 = System.currentTimeMillis();
        InvokeResult r1 = run(env, first);
        long after1 = System.currentTimeMillis();
        long before2 = System.currentTimeMillis();
        InvokeResult r2 = run(env, second);
        long after2 = System.currentTimeMillis();
        assertThat(r1.succeeded()).as(new String(r1.payload()) + log(r1)).isTrue();
        assertThat(r2.succeeded()).isTrue();
        String log1 = log(r1);
        assertThat(log1).contains("EXTENSION\tName: rec-sh\tState: Ready\tEvents: [INVOKE,SHUTDOWN]",
                "EXTENSION\tName: zz-no-events\tState: Ready\tEvents: []", "extension rec-sh registered");
        assertThat(log1.indexOf("EXTENSION\tName: rec-java")).isLessThan(log1.indexOf("START RequestId"));

        long closing = System.currentTimeMillis();
        env.close();
        long closed = System.currentTimeMillis();

        for (String name : List.of("rec-sh", "rec-py", "rec-java")) {
            List<String> events = recorded(name);
            assertThat(events).as(name).hasSize(4);
            assertThat(events.get(0)).isEqualTo(
                    "REGISTER {\"functionName\":\"hello\",\"functionVersion\":\"$LATEST\",\"handler\":\"handler.fn\"}");
            JsonNode i1 = JSON.readTree(events.get(1));
            assertThat(events.get(1)).as("compact, in Lambda's member order, no tracing without a trace id")
                    .isEqualTo("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + i1.get("deadlineMs").asLong()
                            + ",\"requestId\":\"" + first.requestId() + "\",\"invokedFunctionArn\":\"" + ARN + "\"}");
            assertThat(i1.get("deadlineMs").asLong()).isBetween(before1 + 10_000, after1 + 10_000);
            JsonNode i2 = JSON.readTree(events.get(2));
            assertThat(events.get(2)).isEqualTo("{\"eventType\":\"INVOKE\",\"deadlineMs\":"
                    + i2.get("deadlineMs").asLong() + ",\"requestId\":\"" + second.requestId()
                    + "\",\"invokedFunctionArn\":\"" + ARN + ":$LATEST\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\","
                    + "\"value\":\"Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1\"}}");
            assertThat(i2.get("deadlineMs").asLong()).isBetween(before2 + 10_000, after2 + 10_000);
            JsonNode shutdown = JSON.readTree(events.get(3));
            assertThat(events.get(3)).isEqualTo("{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":"
                    + shutdown.get("deadlineMs").asLong() + ",\"shutdownReason\":\"spindown\"}");
            assertThat(shutdown.get("deadlineMs").asLong()).isBetween(closing + 2000, closed + 2000);
        }
        assertThat(recorded("zz-no-events")).hasSize(1).first().asString().startsWith("REGISTER");
    }

    @Test
    void extensionEnvironmentIsTheRuntimesMinusRuntimeOnlyVariables() throws Exception {
        ScriptedExtensions.install(opt, "env-dump", "#!/bin/sh\nenv > \"$EXT_LOG/env\"\n"
                + ScriptedExtensions.RECORDER.substring("#!/bin/sh\n".length()));
        LocalEnvironment env = env(Duration.ofSeconds(5));
        run(env, EnvironmentFixture.invocation("{}"));
        List<String> vars = Files.readAllLines(logs.resolve("env"));
        assertThat(vars).anyMatch(v -> v.startsWith("AWS_LAMBDA_RUNTIME_API="))
                .contains("GREETING=hi", "AWS_LAMBDA_FUNCTION_NAME=hello")
                .noneMatch(v -> v.startsWith("_HANDLER=") || v.startsWith("LAMBDA_TASK_ROOT=")
                        || v.startsWith("AWS_LAMBDA_LOG_GROUP_NAME=") || v.startsWith("LAMBDA_RUNTIME_DIR=")
                        || v.startsWith("AWS_XRAY_CONTEXT_MISSING=") || v.startsWith("_HIDDEN="));
    }

    @Test
    void callerGetsTheResponseBeforeTheExtensionEndsAndTheEnvironmentStaysBusyUntilThen() throws Exception {
        ScriptedExtensions.install(opt, "slow", ScriptedExtensions.GATED);
        LocalEnvironment env = env(Duration.ofSeconds(5));
        Files.createFile(logs.resolve("release-1"));
        run(env, EnvironmentFixture.invocation("{}")); // cold start out of the way
        InvokeResult r = result(env.invoke(EnvironmentFixture.invocation("{}")));
        long answered = System.nanoTime();
        assertThat(r.succeeded()).isTrue();
        // the extension works until released: meanwhile the log stays open and the environment busy
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !r.log().isDone() && env.busy());
        assertThatThrownBy(() -> env.invoke(EnvironmentFixture.invocation("{}")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(recorded("slow").stream().filter("done"::equals).count()).as("only the cold start's").isEqualTo(1);
        long released = System.nanoTime();
        Files.createFile(logs.resolve("release-2"));
        String log = log(r);
        assertThat(recorded("slow").stream().filter("done"::equals).count()).isEqualTo(2);
        assertThat(env.busy()).isFalse();
        String report = log.lines().toList().getLast();
        double duration = Double.parseDouble(report.replaceAll(".*\tDuration: ([0-9.]+) ms.*", "$1"));
        assertThat(duration).as("the extension's work counts in Duration")
                .isGreaterThanOrEqualTo((released - answered) / 1_000_000.0);
        assertThat(report).doesNotContain("Status");
    }

    @Test
    void extensionCrashMidInvokeFailsTheInvokeResetsAndTheNextInvokeReinitialises() throws Exception {
        ScriptedExtensions.install(opt, "crashy", ScriptedExtensions.CRASH_ON_INVOKE);
        LocalEnvironment env = env(Duration.ofSeconds(5));
        Invocation inv = EnvironmentFixture.invocation("{\"hang\":1}"); // the runtime never answers: the crash wins
        InvokeResult r = run(env, inv);
        assertThat(r.functionError()).isEqualTo("Extension.Crash");
        JsonNode body = JSON.readTree(r.payload());
        assertThat(body.get("errorType").asText()).isEqualTo("Extension.Crash");
        String message = body.get("errorMessage").asText();
        assertThat(message).startsWith("RequestId: " + inv.requestId() + " Error: ")
                .contains("crashy exited with error: exit status 3");
        assertThat(log(r)).contains("extension crashing")
                .contains("\tStatus: error\tError Type: Extension.Crash");
        InvokeResult next = run(env, EnvironmentFixture.invocation("{}"));
        assertThat(log(next)).as("the runtime may answer first, the REPORT still shows the crash")
                .contains("\tStatus: error\tError Type: Extension.Crash");
        assertThat(recorded("crashy").stream().filter(l -> l.startsWith("REGISTER")).count())
                .as("re-initialised").isEqualTo(2);
        assertThat(fixture.lifecycle.stream().filter(t -> t.input() instanceof EnvironmentInput.Init).count())
                .isEqualTo(2);
    }

    /**
     * An environment that served one invoke and is now resetting while idle (an extension reported an exit error);
     * the reset lasts ~2 s, until the SIGKILL of an extension that takes SHUTDOWN and ignores it.
     */
    private LocalEnvironment resettingWhileIdle() throws Exception {
        ScriptedExtensions.install(opt, "teller", ScriptedExtensions.TELLS_ITS_ID);
        ScriptedExtensions.install(opt, "stubborn", ScriptedExtensions.IGNORES_SHUTDOWN);
        LocalEnvironment env = env(Duration.ofSeconds(5));
        assertThat(run(env, EnvironmentFixture.invocation("{}")).succeeded()).isTrue();
        String id = Files.readString(logs.resolve("teller.id")).trim();
        HttpResponse<String> exit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + env.runtimeApi() + "/2020-01-01/extension/exit/error"))
                .header("Lambda-Extension-Identifier", id)
                .header("Lambda-Extension-Function-Error-Type", "Extension.Bye")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(exit.statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> fixture.lifecycle.stream()
                .anyMatch(t -> t.input() instanceof EnvironmentInput.Shutdown));
        return env;
    }

    @Test
    void anInvokeArrivingWhileAnIdleResetStillRunsWaitsForItAndInitialisesAfresh() throws Exception {
        LocalEnvironment env = resettingWhileIdle();
        assertThat(env.busy()).as("the pool may hand the environment out").isFalse();

        InvokeResult next = result(env.invoke(EnvironmentFixture.invocation("{\"n\":2}")));
        assertThat(next.succeeded()).as(new String(next.payload())).isTrue();
        assertThat(new String(next.payload())).contains("\"n\":2");
        assertThat(recorded("teller").stream().filter(l -> l.startsWith("REGISTER")).count())
                .as("re-initialised after the reset").isEqualTo(2);
    }

    @Test
    void anInvokeWaitingForAResetFailsWithoutAnInitWhenTheEnvironmentIsClosedMeanwhile() throws Exception {
        LocalEnvironment env = resettingWhileIdle();
        // the invoke waits for the reset; close() comes before the reset ends, so the invoke must not start an init
        CompletableFuture<InvokeResult> waiting = env.invoke(EnvironmentFixture.invocation("{\"n\":2}"));
        Thread closer = Thread.ofVirtual().start(env::close);
        InvokeResult failed = result(waiting);
        closer.join(Duration.ofSeconds(30));
        assertThat(failed.functionError()).isEqualTo("Sandbox.Failure");
        assertThat(JSON.readTree(failed.payload()).get("errorMessage").asText())
                .contains("execution environment was shut down");
        assertThat(fixture.lifecycle.stream().filter(t -> t.input() instanceof EnvironmentInput.Init).count())
                .as("no init on a closed environment").isEqualTo(1);
    }

    @Test
    void initErrorFailsInitTwiceWithExtensionInitError() throws Exception {
        ScriptedExtensions.install(opt, "bad-config", ScriptedExtensions.INIT_ERROR);
        LocalEnvironment env = env(Duration.ofSeconds(5));
        InvokeResult r = run(env, EnvironmentFixture.invocation("{}"));
        assertThat(r.functionError()).isEqualTo("Extension.InitError");
        assertThat(JSON.readTree(r.payload()).get("errorMessage").asText()).contains("Extension.ConfigInvalid");
        String log = log(r);
        assertThat(log).containsPattern("INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: init\tStatus: error\t"
                + "Error Type: Extension.InitError\n");
        assertThat(log).containsPattern("INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: invoke\tStatus: error\t"
                + "Error Type: Extension.InitError\n");
        String recorded = String.join("\n", recorded("bad-config")); // curl's 202 body has no newline
        assertThat(recorded.split("REGISTER \\{", -1)).as("registered in both attempts: " + recorded).hasSize(3);
    }

    @Test
    void anExtensionThatNeverRegistersTimesTheInitOut() throws Exception {
        try (EnvironmentFixture shortInit = new EnvironmentFixture(Duration.ofMillis(700))) {
            ScriptedExtensions.install(opt, "silent", ScriptedExtensions.NEVER_REGISTERS);
            LocalEnvironment env = shortInit.create(
                    EnvironmentFixture.spec(task, opt, null, Duration.ofSeconds(1), Map.of()));
            InvokeResult r = run(env, EnvironmentFixture.invocation("{}"));
            assertThat(r.functionError()).isEqualTo("Sandbox.Timedout");
            assertThat(log(r)).containsPattern("INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: init\tStatus: timeout\n");
            assertThat(shortInit.transitions).as("the runtime never started")
                    .noneMatch(t -> t.to() instanceof RuntimeState.Starting);
        }
    }

    @Test
    void elevenExternalExtensionsAreALaunchError() throws Exception {
        for (int i = 0; i < 11; i++) {
            ScriptedExtensions.install(opt, "ext-" + i, ScriptedExtensions.NO_EVENTS);
        }
        LocalEnvironment env = env(Duration.ofSeconds(5));
        InvokeResult r = run(env, EnvironmentFixture.invocation("{}"));
        assertThat(r.functionError()).isEqualTo("Extension.LaunchError");
        assertThat(JSON.readTree(r.payload()).get("errorMessage").asText()).contains("Extension limit (10) reached");
        assertThat(log(r)).contains("Phase: init\tStatus: error\tError Type: Extension.LaunchError");
        assertThat(fixture.transitions).as("the runtime never started")
                .noneMatch(t -> t.to() instanceof RuntimeState.Starting);
    }

    @Test
    void tenExternalExtensionsAreFine() throws Exception {
        for (int i = 0; i < 10; i++) {
            ScriptedExtensions.install(opt, "ext-" + i, ScriptedExtensions.NO_EVENTS);
        }
        assertThat(run(env(Duration.ofSeconds(5)), EnvironmentFixture.invocation("{}")).succeeded()).isTrue();
    }

    @Test
    void anExtensionIgnoringShutdownIsKilledAtTheDeadlineAndReported() throws Exception {
        ScriptedExtensions.install(opt, "stubborn", ScriptedExtensions.IGNORES_SHUTDOWN);
        LocalEnvironment env = env(Duration.ofSeconds(5));
        run(env, EnvironmentFixture.invocation("{}"));
        long start = System.nanoTime();
        env.close();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMs).as("the 2 s budget is honoured; the upper bound leaves room for teardown")
                .isBetween(1_900L, 10_000L);
        assertThat(recorded("stubborn")).last().asString().contains("\"shutdownReason\":\"spindown\"");
        assertThat(fixture.sink.lines).contains("EXTENSION\tName: stubborn\tState: ShutdownFailed\tEvents: [INVOKE,SHUTDOWN]");
    }

    @Test
    void aTimeoutResetSendsShutdownWithReasonTimeout() throws Exception {
        ScriptedExtensions.install(opt, "rec", ScriptedExtensions.RECORDER);
        LocalEnvironment env = env(Duration.ofSeconds(1));
        InvokeResult r = run(env, EnvironmentFixture.invocation("{\"hang\":1}"));
        assertThat(r.functionError()).isEqualTo("Sandbox.Timedout");
        assertThat(recorded("rec")).last().asString().contains("\"shutdownReason\":\"timeout\"");
        InvokeResult crash = run(env, EnvironmentFixture.invocation("{\"crash\":1}"));
        assertThat(crash.functionError()).isEqualTo("Runtime.ExitError");
        assertThat(recorded("rec")).last().asString().contains("\"shutdownReason\":\"failure\"");
        assertThat(run(env, EnvironmentFixture.invocation("{}")).succeeded()).isTrue();
    }

    @Test
    void frozenBetweenInvokesABusyLoopMakesNoProgress() throws Exception {
        ScriptedExtensions.install(opt, "counter", ScriptedExtensions.COUNTER);
        // the runtime answers once the counter has moved (or after ~3 s): the environment refreezes as soon as the
        // invoke is over, so progress is checked while it is thawed
        ScriptedRuntimes.install(task, ScriptedRuntimes.loop(""
                + "  START=$(cat \"$EXT_LOG/counter\"); i=0\n"
                + "  while [ \"$(cat \"$EXT_LOG/counter\")\" = \"$START\" ] && [ $i -lt 500 ]; do sleep 0.005;"
                + " i=$((i+1)); done\n"
                + "  [ \"$(cat \"$EXT_LOG/counter\")\" = \"$START\" ] && MOVED=false || MOVED=true\n"
                + ScriptedRuntimes.respond("{\\\"moved\\\":$MOVED}")));
        LocalEnvironment env = env(Duration.ofSeconds(5));
        run(env, EnvironmentFixture.invocation("{}"));
        await().atMost(WAIT).until(env::frozen);
        Path counter = logs.resolve("counter");
        String frozenAt = Files.readString(counter);
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> Files.readString(counter).equals(frozenAt));
        InvokeResult r = result(env.invoke(EnvironmentFixture.invocation("{}")));
        assertThat(r.succeeded()).isTrue();
        assertThat(new String(r.payload())).as("the counter moved once thawed").isEqualTo("{\"moved\":true}");
        log(r);
    }

    @Test
    void execWrapperStartsAManagedRuntimeThroughTheWrapper() throws Exception {
        Path runtimeDir = dir.resolve("runtime");
        ScriptedRuntimes.install(runtimeDir, ScriptedRuntimes.loop(ScriptedRuntimes.respond(
                "{\\\"wrapped\\\":\\\"$WRAPPED\\\",\\\"args\\\":\\\"$WRAPPER_ARGS\\\"}")));
        Files.delete(task.resolve("bootstrap"));
        ScriptedExtensions.executable(opt.resolve("wrapper"),
                "#!/bin/sh\nexport WRAPPED=yes\nexport WRAPPER_ARGS=\"$*\"\nexec \"$@\"\n");
        LocalEnvironment env = fixture.create(EnvironmentFixture.spec(task, opt, runtimeDir, Duration.ofSeconds(5),
                Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/wrapper")));
        JsonNode body = JSON.readTree(run(env, EnvironmentFixture.invocation("{}")).payload());
        assertThat(body.get("wrapped").asText()).isEqualTo("yes");
        assertThat(body.get("args").asText()).isEqualTo(runtimeDir.resolve("bootstrap").toString());
    }

    @Test
    void anInternalExtensionRegisteredByTheRuntimeGetsInvokeButNotShutdown() throws Exception {
        String ext = "EXT=\"http://${AWS_LAMBDA_RUNTIME_API}/2020-01-01/extension\"\n"
                + "curl -sS -o \"$EXT_LOG/internal-shutdown.json\" -w '%{http_code}' -X POST \"$EXT/register\""
                + " -H 'Lambda-Extension-Name: wants-shutdown' -d '{\"events\":[\"SHUTDOWN\"]}'"
                + " > \"$EXT_LOG/internal-shutdown.status\"\n"
                + "H=$(mktemp)\n"
                + "curl -sS -D \"$H\" -o /dev/null -X POST \"$EXT/register\" -H 'Lambda-Extension-Name: in-process'"
                + " -d '{\"events\":[\"INVOKE\"]}'\n"
                + "ID=$(grep -Fi Lambda-Extension-Identifier \"$H\" | tr -d '[:space:]' | cut -d: -f2)\n"
                + "( while true; do curl -sS -H \"Lambda-Extension-Identifier: $ID\" \"$EXT/event/next\""
                + " >> \"$EXT_LOG/in-process.log\"; echo >> \"$EXT_LOG/in-process.log\"; done ) &\n";
        ScriptedRuntimes.install(task, ScriptedRuntimes.ECHO.replace("#!/bin/sh\n", "#!/bin/sh\n" + ext));
        LocalEnvironment env = env(Duration.ofSeconds(5));
        Invocation inv = EnvironmentFixture.invocation("{}");
        InvokeResult r = run(env, inv);
        assertThat(r.succeeded()).isTrue();
        assertThat(log(r)).contains("EXTENSION\tName: in-process\tState: Ready\tEvents: [INVOKE]");
        assertThat(recorded("in-process").getFirst()).contains("\"requestId\":\"" + inv.requestId() + "\"");
        assertThat(Files.readString(logs.resolve("internal-shutdown.status"))).isEqualTo("403");
        assertThat(Files.readString(logs.resolve("internal-shutdown.json"))).contains("Extension.InvalidEventType");
        long start = System.nanoTime();
        env.close();
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("500 ms budget with only internal extensions: not the 2 s of an external one")
                .isLessThan(1_900L);
    }
}
