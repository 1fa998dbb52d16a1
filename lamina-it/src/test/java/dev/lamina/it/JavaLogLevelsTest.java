package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.service.invoke.PoolSettings;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;

/**
 * Java function logs at different levels arrive with their levels: a handler run by the real runtime interface
 * client logs through {@code LambdaLogger.log(msg, LogLevel.X)}; the RIC writes frames to
 * {@code _LAMBDA_TELEMETRY_LOG_FD}, and a Telemetry API subscriber (Python, in a layer) receives one
 * {@code function} record per message — the JSON object in JSON log format, with records below
 * {@code ApplicationLogLevel} filtered; the {@code [LEVEL]} line in Text format, a two-line message staying one
 * record; a Logs API subscriber gets the same records. The invoke's tail log and the function's log group (a custom {@code LogGroup}, read by
 * {@code GET /lamina/logs/<function>}) hold the same records; {@code SystemLogLevel} WARN drops the INFO platform
 * events and lines.
 */
class JavaLogLevelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static TestLamina lamina;
    static LambdaClient lambda;
    static RecordingEndpoint sink;
    static String layer;
    static byte[] zip;

    @BeforeAll
    static void start() {
        sink = new RecordingEndpoint();
        lamina = TestLamina.start(tmp.resolve("data"), PoolSettings.defaults(), sink.network());
        lambda = Sdk.client(lamina.endpoint());
        zip = FunctionZips.javaHandler(tmp.resolve("build"), "Levels");
        byte[] launcher = ("#!/bin/sh\nexec python3 \"$(dirname \"$0\")/../python/subscriber.py\" \"$(basename \"$0\")\"\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layerZip = FunctionZips.zip(tmp.resolve("telemetry.zip"), Map.of("extensions/telemetry", launcher,
                "python/subscriber.py", FunctionZips.resource("fixtures/extensions/subscriber.py")));
        layer = lambda.publishLayerVersion(b -> b.layerName("telemetry")
                .content(c -> c.zipFile(SdkBytes.fromByteArray(layerZip)))).layerVersionArn();
    }

    @AfterAll
    static void stop() {
        lambda.close();
        lamina.close();
        sink.close();
    }

    private static void create(String name, LoggingConfig logging) {
        create(name, logging, Map.of("SUB_SCHEMA", "2022-12-13"));
    }

    private static void create(String name, LoggingConfig logging, Map<String, String> subscriber) {
        Map<String, String> env = new HashMap<>(subscriber);
        env.put("EXT_SINK", sink.url() + "/" + name);
        lambda.createFunction(b -> b.functionName(name).runtime("java21").handler("example.Levels::handleRequest")
                .role("arn:aws:iam::000000000000:role/lambda").timeout(30).memorySize(256)
                .environment(e -> e.variables(env))
                .layers(layer).loggingConfig(logging)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    /** The envelopes the subscriber of function {@code name} received. */
    private static List<JsonNode> envelopes(String name) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (String line : sink.lines(name + "/telemetry.out")) {
            if (line.startsWith("B ")) {
                JSON.readTree(line.substring(2)).forEach(all::add);
            }
        }
        return all;
    }

    /** The {@code function} records the subscriber of function {@code name} received. */
    private static List<JsonNode> functionRecords(String name) throws Exception {
        return envelopes(name).stream().filter(e -> e.get("type").asText().equals("function"))
                .map(e -> e.get("record")).toList();
    }

    /** The messages of the function's log group, as {@code lamina logs} reads them. */
    private static List<String> logGroup(String name) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(lamina.endpoint()
                    .resolve("/lamina/logs/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "?since=0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<String> messages = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                if (!line.isBlank()) {
                    messages.add(JSON.readTree(line).get("message").asText());
                }
            }
            return messages;
        }
    }

    @Test
    void jsonLogsArriveAsObjectsWithTheirLevelsAndLowerLevelsAreFiltered() throws Exception {
        create("levels-json", LoggingConfig.builder().logFormat(LogFormat.JSON).applicationLogLevel("WARN")
                .systemLogLevel("WARN").logGroup("/custom/java-levels").build());

        InvokeResponse first = Sdk.invoke(lambda, "levels-json", "{}");
        InvokeResponse r = Sdk.invoke(lambda, "levels-json", "{}");
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        String id = r.responseMetadata().requestId();

        List<JsonNode> records = await().atMost(Duration.ofSeconds(30)).until(() -> functionRecords("levels-json"),
                l -> l.stream().anyMatch(x -> x.path("message").asText().equals("fatal " + id)));
        List<JsonNode> objects = records.stream().filter(JsonNode::isObject)
                .filter(x -> x.get("message").asText().contains(id)).toList();
        assertThat(objects).extracting(x -> x.get("level").asText() + " " + x.get("message").asText())
                .containsExactly("WARN warn " + id + "\nsecond line of the warning", "ERROR error " + id,
                        "FATAL fatal " + id);
        assertThat(objects).allSatisfy(x -> {
            assertThat(x.get("AWSRequestId").asText()).isEqualTo(id);
            assertThat(x.get("timestamp").asText()).isNotBlank();
        });
        assertThat(records).as("a System.out line has no level: INFO for Lambda's filter, so below WARN it is dropped")
                .noneMatch(x -> x.toString().contains("stdout " + id));

        String tail = Sdk.log(r);
        assertThat(tail).contains("\"level\":\"WARN\"").contains("warn " + id + "\\nsecond line of the warning")
                .contains("fatal " + id).doesNotContain("info " + id).doesNotContain("debug " + id)
                .doesNotContain("trace " + id);
        assertThat(logGroup("levels-json")).anyMatch(m -> m.contains("\"level\":\"ERROR\"")
                && m.contains("error " + id)).noneMatch(m -> m.contains("info " + id))
                .as("SystemLogLevel WARN: no START/END/REPORT").noneMatch(m -> m.startsWith("START RequestId:")
                        || m.startsWith("END RequestId:") || m.startsWith("REPORT RequestId:"));
        assertThat(tail).doesNotContain("START RequestId:").doesNotContain("REPORT RequestId:");
        assertThat(tmp.resolve("data/logs/%" + "%2Fcustom%2Fjava-levels")).as("the configured LogGroup").isDirectory();
        assertThat(tmp.resolve("data/logs/levels-json")).as("not the default group").doesNotExist();
        // the first invoke's platform.start/runtimeDone/report would have been delivered before the second's records
        assertThat(first.functionError()).isNull();
        assertThat(envelopes("levels-json")).extracting(e -> e.get("type").asText())
                .as("SystemLogLevel WARN: no INFO platform events").noneMatch(t -> t.equals("platform.start")
                        || t.equals("platform.runtimeDone") || t.equals("platform.report")
                        || t.equals("platform.initStart") || t.equals("platform.telemetrySubscription"));
    }

    @Test
    void textLogsKeepTheirLevelsAndAMultiLineMessageIsOneRecord() throws Exception {
        create("levels-text", LoggingConfig.builder().logFormat(LogFormat.TEXT).build());

        InvokeResponse r = Sdk.invoke(lambda, "levels-text", "{}");
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        String id = r.responseMetadata().requestId();

        List<JsonNode> records = await().atMost(Duration.ofSeconds(30)).until(() -> functionRecords("levels-text"),
                l -> l.stream().anyMatch(x -> x.asText().contains("fatal " + id)));
        List<String> lines = records.stream().map(JsonNode::asText).toList();
        assertThat(records).allMatch(JsonNode::isTextual);
        String warning = "warn " + id + "\nsecond line of the warning";
        assertThat(lines).as("the two-line message is one record, with its level")
                .anyMatch(l -> l.startsWith("[WARN]") && l.endsWith(warning))
                .noneMatch(l -> l.equals("second line of the warning"));
        for (String level : List.of("TRACE", "DEBUG", "INFO", "ERROR", "FATAL")) {
            assertThat(lines).as("Text logs are not filtered").anyMatch(l -> l.startsWith("[" + level + "]")
                    && l.endsWith(level.toLowerCase() + " " + id));
        }
        assertThat(logGroup("levels-text")).anyMatch(m -> m.startsWith("[WARN]") && m.endsWith(warning));
        assertThat(Sdk.log(r)).contains(warning);
    }

    @Test
    void aLogsApiSubscriberGetsTheSameOneRecordPerLogCall() throws Exception {
        create("levels-logs-api", LoggingConfig.builder().logFormat(LogFormat.TEXT).build(),
                Map.of("SUB_API", "logs", "SUB_SCHEMA", "2021-03-18"));

        InvokeResponse r = Sdk.invoke(lambda, "levels-logs-api", "{}");
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        String id = r.responseMetadata().requestId();

        List<String> lines = await().atMost(Duration.ofSeconds(30)).until(
                () -> functionRecords("levels-logs-api").stream().map(JsonNode::asText).toList(),
                l -> l.stream().anyMatch(x -> x.contains("fatal " + id)));
        assertThat(lines).anyMatch(l -> l.startsWith("[WARN]") && l.endsWith("warn " + id
                + "\nsecond line of the warning")).noneMatch(l -> l.equals("second line of the warning"))
                .contains("stdout " + id);
    }
}
