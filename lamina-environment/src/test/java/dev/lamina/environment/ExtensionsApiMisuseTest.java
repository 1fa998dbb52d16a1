package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Extensions API misuse catalogue at the HTTP edge (contract §2): the test plays an external extension named
 * {@code player} (its process only sleeps) and internal ones; each misuse asserts 403 and the errorType, then a
 * correct call still works. The runtime waits for a go file before its first {@code next}, so registration stays
 * open as long as the test needs.
 */
class ExtensionsApiMisuseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXT = "/2020-01-01/extension";

    @TempDir
    Path dir;

    private final EnvironmentFixture fixture = new EnvironmentFixture(Duration.ofSeconds(20));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String base;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + EXT + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> nextAsync(String id) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + EXT + "/event/next"))
                .header("Lambda-Extension-Identifier", id).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> register(String name, String body, String... more) throws Exception {
        List<String> headers = new ArrayList<>(List.of("Lambda-Extension-Name", name));
        headers.addAll(List.of(more));
        return send("POST", "/register", body, headers.toArray(String[]::new));
    }

    private static void assertForbidden(HttpResponse<String> response, String errorType) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("errorType").asText()).isEqualTo(errorType);
        assertThat(body.get("errorMessage").asText()).isNotBlank();
    }

    @Test
    void everyMisuseIsA403WithItsErrorTypeAndTheApiKeepsServing() throws Exception {
        Path task = dir.resolve("task");
        Path opt = dir.resolve("opt");
        Path go = dir.resolve("go");
        ScriptedRuntimes.install(task, ScriptedRuntimes.ECHO.replace("#!/bin/sh\n",
                "#!/bin/sh\nwhile [ ! -f '" + go + "' ]; do sleep 0.02; done\n"));
        ScriptedExtensions.install(opt, "player", "#!/bin/sh\nexec sleep 300\n");
        LocalEnvironment env = fixture.create(EnvironmentFixture.spec(task, opt, null, Duration.ofSeconds(10), Map.of()));
        base = "http://" + env.runtimeApi();
        Invocation inv = EnvironmentFixture.invocation("{}");
        CompletableFuture<InvokeResult> result = env.invoke(inv);

        // ---- register: validated at the edge
        assertForbidden(send("POST", "/register", "{\"events\":[\"INVOKE\"]}"), "Extension.InvalidExtensionName");
        assertForbidden(register("player", "{not json"), "InvalidRequestFormat");
        assertForbidden(register("player", "{\"events\":[\"INVOKE\"],\"configurationKeys\":[\"k\"]}"),
                "InvalidRequestFormat");
        assertForbidden(register("player", "{\"events\":[\"FOO\"]}"), "Extension.InvalidEventType");
        // ---- identified calls before any registration
        assertForbidden(send("GET", "/event/next", null), "Extension.MissingExtensionIdentifier");
        assertForbidden(send("GET", "/event/next", null, "Lambda-Extension-Identifier", "not-a-uuid"),
                "Extension.InvalidExtensionIdentifier");
        assertForbidden(send("GET", "/event/next", null, "Lambda-Extension-Identifier", UUID.randomUUID().toString()),
                "Extension.UnknownExtensionIdentifier");

        // ---- a correct registration still works, with the accountId feature
        HttpResponse<String> ok = register("player", "{\"events\":[\"INVOKE\"]}",
                "Lambda-Extension-Accept-Feature", "accountId");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"functionName\":\"hello\",\"functionVersion\":\"$LATEST\","
                + "\"handler\":\"handler.fn\",\"accountId\":\"000000000000\"}");
        String player = ok.headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        UUID.fromString(player);

        assertForbidden(register("player", "{\"events\":[]}"), "Extension.InvalidExtensionState");
        assertForbidden(send("POST", "/init/error", "{}", "Lambda-Extension-Identifier", player),
                "Extension.MissingHeader");
        assertForbidden(send("POST", "/exit/error", "{}", "Lambda-Extension-Identifier", player),
                "Extension.MissingHeader");

        // ---- internal extensions up to the limit of 10 (player is one); SHUTDOWN is not for them
        assertForbidden(register("internal-x", "{\"events\":[\"SHUTDOWN\"]}"), "Extension.InvalidEventType");
        List<String> internal = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            HttpResponse<String> r = register("internal-" + i, "{\"events\":[]}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("accountId");
            internal.add(r.headers().firstValue("Lambda-Extension-Identifier").orElseThrow());
        }
        assertForbidden(register("internal-9", "{\"events\":[]}"), "Extension.TooManyExtensions");
        assertThat(JSON.readTree(register("internal-9", "{\"events\":[]}").body()).get("errorMessage").asText())
                .isEqualTo("Extension limit (10) reached");

        // ---- the runtime's first next closes registration
        Files.writeString(go, "go");
        await().atMost(Duration.ofSeconds(10)).until(() -> register("late", "{\"events\":[]}").body()
                .contains("Extension.RegistrationClosed"));
        assertForbidden(register("late", "{\"events\":[]}"), "Extension.RegistrationClosed");

        // ---- everyone parks, which releases the invoke; a second concurrent next is a bad transition
        List<CompletableFuture<HttpResponse<String>>> parkedInternal = internal.stream().map(this::nextAsync).toList();
        CompletableFuture<HttpResponse<String>> first = nextAsync(player);
        HttpResponse<String> event = first.get(10, TimeUnit.SECONDS); // init is complete: everyone is parked
        assertForbidden(send("GET", "/event/next", null, "Lambda-Extension-Identifier", internal.get(1)),
                "Extension.InvalidExtensionState");
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.headers().firstValue("Lambda-Extension-Event-Identifier")).isPresent();
        assertThat(JSON.readTree(event.body()).get("requestId").asText()).isEqualTo(inv.requestId());
        InvokeResult r = result.get(10, TimeUnit.SECONDS);
        assertThat(r.succeeded()).isTrue();
        assertThat(parkedInternal).allMatch(f -> !f.isDone());

        // ---- init/error after init; then the extension's next ends the invoke
        assertForbidden(send("POST", "/init/error", "{}", "Lambda-Extension-Identifier", player,
                "Lambda-Extension-Function-Error-Type", "Extension.Late"), "Extension.InvalidExtensionState");
        assertThat(r.log()).isNotDone();
        CompletableFuture<HttpResponse<String>> again = nextAsync(player);
        String log = r.log().get(10, TimeUnit.SECONDS);
        assertThat(log).contains("END RequestId: " + inv.requestId());
        assertThat(again).isNotDone();

        // ---- exit/error: 202, then nothing from that extension succeeds
        HttpResponse<String> exit = send("POST", "/exit/error", "{\"errorMessage\":\"bye\"}",
                "Lambda-Extension-Identifier", internal.getFirst(), "Lambda-Extension-Function-Error-Type",
                "Extension.Bye");
        assertThat(exit.statusCode()).isEqualTo(202);
        assertThat(exit.body()).isEqualTo("{\"status\":\"OK\"}");
        HttpResponse<String> afterExit = send("GET", "/event/next", null, "Lambda-Extension-Identifier",
                internal.getFirst());
        assertThat(afterExit.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(afterExit.body()).get("errorType").asText())
                .isIn("Extension.InvalidExtensionState", "Extension.UnknownExtensionIdentifier");

        // ---- the environment was reset; the next invoke initialises again and registration works
        await().atMost(Duration.ofSeconds(10)).until(() -> !env.busy());
        CompletableFuture<InvokeResult> second = env.invoke(EnvironmentFixture.invocation("{}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> register("player", "{\"events\":[]}").statusCode() == 200);
        assertThat(second).isNotDone();
    }
}
