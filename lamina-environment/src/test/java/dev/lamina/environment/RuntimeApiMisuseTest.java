package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test plays the runtime over HTTP (Java's HttpClient, which also sends {@code Upgrade: h2c}); the bootstrap
 * only sleeps. Each misuse asserts status and errorType, then shows that a correct request still succeeds.
 */
class RuntimeApiMisuseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RT = "/2018-06-01/runtime";

    @TempDir
    Path dir;

    private final EnvironmentFixture fixture = new EnvironmentFixture();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalEnvironment env;
    private String base;
    private CompletableFuture<InvokeResult> result;
    private String requestId;

    @BeforeEach
    void parkAnInvoke() throws Exception {
        ScriptedRuntimes.install(dir, ScriptedRuntimes.IDLE);
        env = fixture.create(dir, Duration.ofSeconds(30));
        base = "http://" + env.runtimeApi();
        requestId = startInvoke();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Submits an invoke and takes its event with {@code next}, as the runtime would. */
    private String startInvoke() throws Exception {
        Invocation inv = EnvironmentFixture.invocation("{\"n\":1}");
        CompletableFuture<HttpResponse<String>> next;
        if (result == null) { // cold: the first next is valid only once the invoke has started the runtime
            result = env.invoke(inv);
            await().atMost(Duration.ofSeconds(15)).until(() -> fixture.transitions.stream()
                    .anyMatch(t -> t.to() instanceof RuntimeState.Starting));
            next = sendNext();
        } else { // our next ends the previous invoke; the environment is free once its log is complete
            next = sendNext();
            result.get(15, TimeUnit.SECONDS).log().get(15, TimeUnit.SECONDS);
            result = env.invoke(inv);
        }
        HttpResponse<String> event = next.get(15, TimeUnit.SECONDS);
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(event.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).contains(inv.requestId());
        assertThat(event.body()).isEqualTo("{\"n\":1}");
        return inv.requestId();
    }

    private CompletableFuture<HttpResponse<String>> sendNext() {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + RT + "/invocation/next")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> respond(String id, String body) throws Exception {
        return post(RT + "/invocation/" + id + "/response", body, "Content-Type", "application/x-www-form-urlencoded");
    }

    private static void assertRejected(HttpResponse<String> response, int status, String errorType) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("errorType").asText()).isEqualTo(errorType);
        assertThat(body.get("errorMessage").asText()).isNotBlank();
    }

    private static void assertAccepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"status\":\"OK\"}");
    }

    /** The runtime calls next again (ending the invoke); a new invoke then reaches it and can be answered. */
    private void environmentStillServes() throws Exception {
        String id = startInvoke();
        assertAccepted(respond(id, "{\"ok\":true}"));
        assertThat(new String(result.get(15, TimeUnit.SECONDS).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    }

    @Test
    void responseTwice() throws Exception {
        assertAccepted(respond(requestId, "{\"first\":1}"));
        assertRejected(respond(requestId, "{\"second\":1}"), 403, "InvalidStateTransition");
        InvokeResult first = result.get(15, TimeUnit.SECONDS);
        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"first\":1}");
        assertThat(first.contentType()).isEqualTo("application/json");
        environmentStillServes();
        assertThat(first.log().get(15, TimeUnit.SECONDS)).contains("END RequestId: " + requestId);
    }

    @Test
    void errorAfterResponse() throws Exception {
        assertAccepted(respond(requestId, "{}"));
        assertRejected(post(RT + "/invocation/" + requestId + "/error", "{}"), 403, "InvalidStateTransition");
        environmentStillServes();
    }

    @Test
    void wrongRequestId() throws Exception {
        assertRejected(respond("not-the-id", "{}"), 400, "InvalidRequestID");
        assertAccepted(respond(requestId, "{}"));
        environmentStillServes();
    }

    @Test
    void alreadyAnsweredIdOfAnEarlierInvoke() throws Exception {
        assertAccepted(respond(requestId, "{}"));
        String old = requestId;
        String id = startInvoke();
        assertRejected(respond(old, "{}"), 400, "InvalidRequestID");
        assertAccepted(respond(id, "{}"));
    }

    @Test
    void responseWithNothingInFlight() throws Exception {
        assertAccepted(respond(requestId, "{}"));
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + RT + "/invocation/next")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        result.get(15, TimeUnit.SECONDS).log().get(15, TimeUnit.SECONDS);
        assertRejected(respond(requestId, "{}"), 403, "InvalidStateTransition");
        assertThat(next).isNotDone();
        next.cancel(true);
    }

    @Test
    void nextWhileInvoking() throws Exception {
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(base + RT + "/invocation/next")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRejected(next, 403, "InvalidStateTransition");
        assertAccepted(respond(requestId, "{}"));
        environmentStillServes();
    }

    @Test
    void initErrorAfterFirstNext() throws Exception {
        assertRejected(post(RT + "/init/error", "{}", "Lambda-Runtime-Function-Error-Type", "Runtime.Late"),
                403, "InvalidStateTransition");
        assertAccepted(respond(requestId, "{}"));
        environmentStillServes();
    }

    @Test
    void oversizeBody() throws Exception {
        String big = "a".repeat(6_291_557);
        HttpResponse<String> response = respond(requestId, big);
        assertRejected(response, 413, "RequestEntityTooLarge");
        assertThat(JSON.readTree(response.body()).get("errorMessage").asText())
                .isEqualTo("Exceeded maximum allowed payload size (6291556 bytes).");
        InvokeResult failed = result.get(15, TimeUnit.SECONDS);
        assertThat(failed.functionError()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(JSON.readTree(failed.payload()).get("errorMessage").asText()).isEqualTo(
                "Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).");
        environmentStillServes();
    }

    @Test
    void malformedJsonOnError() throws Exception {
        assertAccepted(post(RT + "/invocation/" + requestId + "/error", "{not json",
                "Lambda-Runtime-Function-Error-Type", "Function.Oops", "Content-Type", "text/plain"));
        InvokeResult failed = result.get(15, TimeUnit.SECONDS);
        assertThat(failed.functionError()).isEqualTo("Function.Oops");
        JsonNode body = JSON.readTree(failed.payload());
        assertThat(body.get("errorType").asText()).isEqualTo("Function.Oops");
        assertThat(body.get("errorMessage").asText()).isEqualTo("Unknown application error occurred");
        environmentStillServes();
    }

    @Test
    void unsanitaryErrorTypeIsRecordedAsUnknownButForwardedUnchanged() throws Exception {
        String body = "{\"errorMessage\":\"x\",\"errorType\":\"java.lang.RuntimeException\"}";
        assertAccepted(post(RT + "/invocation/" + requestId + "/error", body,
                "Lambda-Runtime-Function-Error-Type", "Function.lower-case"));
        InvokeResult failed = result.get(15, TimeUnit.SECONDS);
        assertThat(failed.functionError()).isEqualTo("Function.Unknown");
        assertThat(new String(failed.payload(), StandardCharsets.UTF_8)).isEqualTo(body);
        environmentStillServes();
    }

    @Test
    void invalidResponseMode() throws Exception {
        HttpResponse<String> response = post(RT + "/invocation/" + requestId + "/response", "{}",
                "Lambda-Runtime-Function-Response-Mode", "bogus");
        assertRejected(response, 400, "InvalidFunctionResponseMode");
        assertThat(result.get(15, TimeUnit.SECONDS).functionError()).isEqualTo("Runtime.InvalidResponseModeHeader");
        environmentStillServes();
    }

    @Test
    void streamingResponseIsBuffered() throws Exception {
        HttpResponse<String> response = post(RT + "/invocation/" + requestId + "/response", "{\"streamed\":1}",
                "Lambda-Runtime-Function-Response-Mode", "streaming");
        assertAccepted(response);
        assertThat(new String(result.get(15, TimeUnit.SECONDS).payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"streamed\":1}");
    }

    @Test
    void unknownPath() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + RT + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertAccepted(respond(requestId, "{}"));
        environmentStillServes();
    }

    @Test
    void connectionCloseIsEchoedAndTheConnectionClosed() throws Exception {
        String[] hostPort = env.runtimeApi().split(":");
        try (Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // returns at EOF: closed
            assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close").endsWith("pong");
        }
        assertAccepted(respond(requestId, "{}"));
    }
}
