package dev.lamina.service.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.service.FakeEnvironmentFactory;
import dev.lamina.service.LaminaServer;
import dev.lamina.service.RunningLamina;
import dev.lamina.service.ServiceSettings;
import dev.lamina.service.TestZips;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function log store behind a real control API on port 0, with real files. */
class FunctionLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM_A = "2026/11/27/[$LATEST]aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String STREAM_B = "2026/11/27/[$LATEST]bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00.000Z");

    @TempDir
    Path data;

    private FunctionLogStore store;
    private LaminaServer server;
    private int port;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws InterruptedException {
        store = new FunctionLogStore(data.resolve("logs"));
        server = new LaminaServer(ServiceSettings.defaults(data, null, new FakeEnvironmentFactory()).withPort(0), store);
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        client.close();
    }

    @Test
    void linesComeBackInTimeOrderWithTheirStreamsKeptApart() throws IOException {
        store.line("/aws/lambda/fn", "env-a", STREAM_A, T0, "START RequestId: 1 Version: $LATEST");
        store.line("/aws/lambda/fn", "env-b", STREAM_B, T0.plusMillis(1), "START RequestId: 2 Version: $LATEST");
        store.line("/aws/lambda/fn", "env-a", STREAM_A, T0.plusMillis(2), "handling 1");
        store.line("/aws/lambda/fn", "env-b", STREAM_B, T0.plusMillis(3), "handling 2");
        store.line("/aws/lambda/fn", "env-a", STREAM_A, T0.plusMillis(4), "END RequestId: 1");
        store.line("/aws/lambda/other", "env-c", STREAM_A, T0, "not fn's");

        List<JsonNode> events = awaitEvents("/lamina/logs/fn", 5);
        assertThat(events).extracting(e -> e.get("message").asText()).containsExactly(
                "START RequestId: 1 Version: $LATEST", "START RequestId: 2 Version: $LATEST", "handling 1",
                "handling 2", "END RequestId: 1");
        assertThat(events).extracting(e -> e.get("logStream").asText())
                .containsExactly(STREAM_A, STREAM_B, STREAM_A, STREAM_B, STREAM_A);
        assertThat(events.getFirst().get("timestamp").asLong()).isEqualTo(T0.toEpochMilli());
        try (Stream<Path> files = Files.list(data.resolve("logs").resolve("fn"))) {
            assertThat(files.map(p -> FunctionLogStore.decodeStream(p))).containsExactlyInAnyOrder(STREAM_A, STREAM_B);
        }
        assertThat(awaitEvents("/lamina/logs/other", 1)).hasSize(1);
    }

    @Test
    void sinceFiltersByTimestamp() {
        for (int i = 0; i < 5; i++) {
            store.line("/aws/lambda/fn", "env-a", STREAM_A, T0.plusSeconds(i), "line " + i);
        }
        awaitEvents("/lamina/logs/fn", 5);
        assertThat(events("/lamina/logs/fn?since=" + T0.plusSeconds(3).toEpochMilli()))
                .extracting(e -> e.get("message").asText()).containsExactly("line 3", "line 4");
        assertThat(events("/lamina/logs/fn?since=" + T0.plusSeconds(4)))
                .extracting(e -> e.get("message").asText()).containsExactly("line 4");
        HttpResponse<byte[]> bad = get("/lamina/logs/fn?since=yesterday");
        RunningLamina.assertError(bad, 400, "InvalidParameterValueException");
    }

    @Test
    void followPushesLinesWrittenAfterTheRequestStarted() throws Exception {
        store.line("/aws/lambda/fn", "env-a", STREAM_A, T0, "before");
        awaitEvents("/lamina/logs/fn", 1);
        List<String> received = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(uri("/lamina/logs/fn?follow=true")).GET().build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                response.body().forEach(l -> received.add(message(l)));
            } catch (UncheckedIOException closed) {
                // the server went away mid-response: expected here
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));
        store.line("/aws/lambda/fn", "env-b", STREAM_B, Instant.now(), "after 1");
        store.line("/aws/lambda/fn", "env-b", STREAM_B, Instant.now(), "after 2");
        store.line("/aws/lambda/other", "env-c", STREAM_B, Instant.now(), "not fn's");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 3);
        assertThat(received).containsExactly("before", "after 1", "after 2");

        server.close(); // serve stops: the follow ends
        assertThat(reader.join(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void followEndsWhenTheStoreCloses() throws Exception {
        store.line("/aws/lambda/fn", "env-a", STREAM_A, T0, "before");
        awaitEvents("/lamina/logs/fn", 1);
        HttpRequest request = HttpRequest.newBuilder(uri("/lamina/logs/fn?follow=true&since=0")).GET().build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        List<String> received = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(l -> received.add(message(l))));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));
        store.close();
        assertThat(reader.join(Duration.ofSeconds(10))).isTrue();
        assertThat(received).containsExactly("before");
    }

    @Test
    void unknownFunctionWithoutLogsIs404AndADeletedFunctionKeepsItsLogs() {
        RunningLamina.assertError(get("/lamina/logs/nope"), 404, "ResourceNotFoundException");
        RunningLamina.assertError(get("/lamina/logs/nope?follow=true"), 404, "ResourceNotFoundException");
        RunningLamina.assertError(get("/lamina/logs/not..valid"), 400, "InvalidParameterValueException");

        // a function that exists but has not logged yet: an empty log
        HttpResponse<byte[]> created = send("POST", "/2015-03-31/functions", Map.of("FunctionName", "quiet",
                "Runtime", "provided.al2023", "Role", RunningLamina.ROLE, "Handler", "handler",
                "Code", Map.of("ZipFile", TestZips.base64(TestZips.simple("x")))));
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<byte[]> empty = get("/lamina/logs/quiet");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();

        // logs outlive the function, as CloudWatch keeps the log group
        store.line("/aws/lambda/quiet", "env-a", STREAM_A, T0, "hello");
        awaitEvents("/lamina/logs/quiet", 1);
        assertThat(send("DELETE", "/2015-03-31/functions/quiet", null).statusCode()).isEqualTo(204);
        assertThat(events("/lamina/logs/quiet")).hasSize(1);
        // by ARN too
        assertThat(events("/lamina/logs/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Aquiet"))
                .hasSize(1);
        // the Lambda API is untouched
        assertThat(get("/2015-03-31/functions").statusCode()).isEqualTo(200);
    }

    @Test
    void embeddedNewlinesAndBackslashesRoundTripAndSurviveARestart() {
        store.line("/aws/lambda/fn", "env-a", STREAM_A, T0, "a\nb\\n\r");
        awaitEvents("/lamina/logs/fn", 1);
        store.close();
        try (FunctionLogStore reopened = new FunctionLogStore(data.resolve("logs"))) {
            assertThat(reopened.read("/aws/lambda/fn", null)).containsExactly(new LogRecord(T0, STREAM_A, "a\nb\\n\r"));
        }
    }

    @Test
    void theSizeBoundDeletesTheOldestStreams() {
        try (FunctionLogStore small = new FunctionLogStore(data.resolve("small"), 1000, 1000)) {
            String line = "x".repeat(70); // 96 bytes a record: 10 fit in 1000
            for (int i = 0; i < 5; i++) {
                small.line("/aws/lambda/fn", "a", STREAM_A, T0.plusMillis(i), line);
            }
            for (int i = 0; i < 5; i++) {
                small.line("/aws/lambda/fn", "b", STREAM_B, T0.plusMillis(10 + i), line);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> small.read("/aws/lambda/fn", null).size() == 10);
            small.line("/aws/lambda/fn", "b", STREAM_B, T0.plusMillis(20), line); // above 1000 bytes: A goes
            await().atMost(Duration.ofSeconds(10)).until(() -> small.read("/aws/lambda/fn", null).size() == 6);
            assertThat(small.read("/aws/lambda/fn", null)).extracting(LogRecord::logStream).containsOnly(STREAM_B);
            assertThat(data.resolve("small/fn").toFile().list()).hasSize(1);
        }
    }

    @Test
    void aFullQueueDropsLinesInsteadOfBlocking() throws Exception {
        try (FunctionLogStore tiny = new FunctionLogStore(data.resolve("tiny"), 1 << 20, 4)) {
            CountDownLatch writerStuck = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            tiny.readAndFollow("/aws/lambda/fn", null, new LogListener() {
                @Override
                public void onRecord(LogRecord record) {
                    writerStuck.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            tiny.line("/aws/lambda/fn", "a", STREAM_A, T0, "first");
            assertThat(writerStuck.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds "first", queue empty
            List<Boolean> accepted = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (int i = 0; i < 7; i++) {
                    accepted.add(tiny.append("/aws/lambda/fn", STREAM_A, T0.plusMillis(1 + i), "line " + i));
                }
            });
            assertThat(accepted).containsExactly(true, true, true, true, false, false, false);
            assertThat(tiny.dropped()).isEqualTo(3);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> tiny.read("/aws/lambda/fn", null).size() == 5);
            assertThat(tiny.read("/aws/lambda/fn", null)).extracting(LogRecord::message)
                    .containsExactly("first", "line 0", "line 1", "line 2", "line 3");
        }
    }

    @Test
    void aConfiguredLogGroupIsWhereTheFunctionsRecordsGoAndWhereLaminaLogsReads() throws Exception {
        HttpResponse<byte[]> created = send("POST", "/2015-03-31/functions", Map.of("FunctionName", "grouped",
                "Runtime", "provided.al2023", "Role", RunningLamina.ROLE, "Handler", "handler",
                "LoggingConfig", Map.of("LogFormat", "Text", "LogGroup", "/shared/app-logs"),
                "Code", Map.of("ZipFile", TestZips.base64(TestZips.simple("x")))));
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);

        store.line("/shared/app-logs", "env-a", STREAM_A, T0, "in the shared group");
        store.line(FunctionLogStore.logGroupName("grouped"), "env-a", STREAM_A, T0, "in the default group");

        assertThat(awaitEvents("/lamina/logs/grouped", 1)).extracting(e -> e.get("message").asText())
                .containsExactly("in the shared group");
        assertThat(store.read("/shared/app-logs", null)).extracting(LogRecord::message)
                .containsExactly("in the shared group");
        assertThat(Files.isDirectory(data.resolve("logs").resolve("%" + "%2Fshared%2Fapp-logs"))).isTrue();
        // a custom group named like another function's default group is that group, as in CloudWatch
        assertThat(FunctionLogStore.directory("/aws/lambda/other")).isEqualTo("other");
        assertThat(FunctionLogStore.directory("other")).isEqualTo("%other");
        assertThat(FunctionLogStore.directory("/x/" + "y".repeat(500))).startsWith("%").hasSize(65);
        assertThat(FunctionLogStore.directory("../escape")).isEqualTo("%" + "%2E.%2Fescape");
        assertThat(FunctionLogStore.directory("bad group")).isNull();

        HttpResponse<byte[]> invalid = send("PUT", "/2015-03-31/functions/grouped/configuration",
                Map.of("LoggingConfig", Map.of("LogGroup", "has spaces")));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(new String(invalid.body())).contains("loggingConfig.logGroup");
    }

    private List<JsonNode> awaitEvents(String path, int count) {
        List<List<JsonNode>> last = new ArrayList<>(List.of(List.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            last.set(0, events(path));
            return last.getFirst().size() >= count;
        });
        return last.getFirst();
    }

    private List<JsonNode> events(String path) {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        List<JsonNode> events = new ArrayList<>();
        for (String line : new String(response.body()).split("\n")) {
            if (!line.isBlank()) {
                events.add(tree(line));
            }
        }
        return events;
    }

    private static String message(String ndjsonLine) {
        return tree(ndjsonLine).get("message").asText();
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<byte[]> get(String path) {
        return send("GET", path, null);
    }

    private HttpResponse<byte[]> send(String method, String path, Object json) {
        try {
            HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json));
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).method(method, body)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
