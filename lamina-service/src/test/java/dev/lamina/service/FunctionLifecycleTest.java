package dev.lamina.service;

import static dev.lamina.service.RunningLamina.ROLE;
import static dev.lamina.service.RunningLamina.read;
import static dev.lamina.service.RunningLamina.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.protocol.control.FunctionConfiguration;
import dev.lamina.protocol.control.GetFunctionResponse;
import dev.lamina.protocol.control.ListFunctionsResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create, read, list, update and delete functions over real HTTP. */
class FunctionLifecycleTest {

    @TempDir
    Path data;

    private RunningLamina lamina;

    @BeforeEach
    void start() throws InterruptedException {
        lamina = new RunningLamina(data);
    }

    @AfterEach
    void stop() {
        lamina.close();
    }

    @Test
    void loggingConfigIsStoredValidatedAndUpdated() throws Exception {
        HttpResponse<byte[]> created = lamina.send("POST", "/2015-03-31/functions", Map.of(
                "FunctionName", "logs", "Runtime", "provided.al2023", "Role", ROLE, "Handler", "h.handler",
                "Code", Map.of("ZipFile", TestZips.base64(TestZips.simple("v1"))),
                "LoggingConfig", Map.of("LogFormat", "JSON", "ApplicationLogLevel", "DEBUG")));
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        assertThat(tree(created).get("LoggingConfig").toString()).isEqualTo(
                "{\"LogFormat\":\"JSON\",\"ApplicationLogLevel\":\"DEBUG\",\"SystemLogLevel\":\"INFO\","
                        + "\"LogGroup\":\"/aws/lambda/logs\"}");
        HttpResponse<byte[]> got = lamina.send("GET", "/2015-03-31/functions/logs/configuration", (byte[]) null);
        assertThat(tree(got).get("LoggingConfig").get("ApplicationLogLevel").asText()).isEqualTo("DEBUG");

        HttpResponse<byte[]> bad = lamina.send("PUT", "/2015-03-31/functions/logs/configuration",
                Map.of("LoggingConfig", Map.of("LogFormat", "Text", "SystemLogLevel", "WARN")));
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> badFormat = lamina.send("PUT", "/2015-03-31/functions/logs/configuration",
                Map.of("LoggingConfig", Map.of("LogFormat", "Yaml")));
        assertThat(badFormat.statusCode()).isEqualTo(400);

        HttpResponse<byte[]> text = lamina.send("PUT", "/2015-03-31/functions/logs/configuration",
                Map.of("LoggingConfig", Map.of("LogFormat", "Text", "LogGroup", "/custom/logs")));
        assertThat(text.statusCode()).as(new String(text.body())).isEqualTo(200);
        assertThat(tree(text).get("LoggingConfig").toString())
                .isEqualTo("{\"LogFormat\":\"Text\",\"LogGroup\":\"/custom/logs\"}");
        HttpResponse<byte[]> kept = lamina.send("PUT", "/2015-03-31/functions/logs/configuration",
                Map.of("Timeout", 5));
        assertThat(tree(kept).get("LoggingConfig").get("LogGroup").asText()).isEqualTo("/custom/logs");
    }

    @Test
    void createReturns201WithLambdasConfiguration() throws Exception {
        byte[] zip = TestZips.simple("v1");
        HttpResponse<byte[]> created = lamina.send("POST", "/2015-03-31/functions", Map.of(
                "FunctionName", "fn", "Runtime", "provided.al2023", "Role", ROLE, "Handler", "h.handler",
                "Code", Map.of("ZipFile", TestZips.base64(zip)), "Description", "d",
                "Environment", Map.of("Variables", Map.of("GREETING", "hi")), "Tags", Map.of("team", "core")));

        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        assertThat(created.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode json = tree(created);
        assertThat(json.properties().stream().map(Map.Entry::getKey).toList()).containsExactly(
                "FunctionName", "FunctionArn", "Runtime", "Role", "Handler", "CodeSize", "Description", "Timeout",
                "MemorySize", "LastModified", "CodeSha256", "Version", "Environment", "TracingConfig", "RevisionId",
                "State", "LastUpdateStatus", "PackageType", "Architectures", "EphemeralStorage", "SnapStart",
                "LoggingConfig");
        FunctionConfiguration c = read(created, FunctionConfiguration.class);
        assertThat(c.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:fn");
        assertThat(c.codeSize()).isEqualTo(zip.length);
        assertThat(c.codeSha256()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip)));
        assertThat(c.timeout()).isEqualTo(3);
        assertThat(c.memorySize()).isEqualTo(128);
        assertThat(c.version()).isEqualTo("$LATEST");
        assertThat(c.lastModified()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(c.architectures()).containsExactly("x86_64");
        assertThat(c.ephemeralStorage().size()).isEqualTo(512);
        assertThat(c.state()).isEqualTo("Active");
        assertThat(c.lastUpdateStatus()).isEqualTo("Successful");
        assertThat(c.packageType()).isEqualTo("Zip");
        assertThat(c.tracingConfig().mode()).isEqualTo("PassThrough");
        assertThat(c.loggingConfig().logGroup()).isEqualTo("/aws/lambda/fn");
        assertThat(c.snapStart().applyOn()).isEqualTo("None");
        assertThat(c.environment().variables()).containsEntry("GREETING", "hi");

        GetFunctionResponse got = read(lamina.get("/2015-03-31/functions/fn"), GetFunctionResponse.class);
        assertThat(got.configuration()).isEqualTo(c);
        assertThat(got.code().repositoryType()).isEqualTo("S3");
        assertThat(got.tags()).containsEntry("team", "core");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(got.code().location())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(zip);

        assertThat(read(lamina.get("/2015-03-31/functions/fn/configuration"), FunctionConfiguration.class)).isEqualTo(c);
    }

    @Test
    void functionsAreFoundByEveryNameForm() {
        lamina.create("fn", TestZips.simple("x"));
        for (String name : List.of("fn", "fn:$LATEST", "arn:aws:lambda:us-east-1:000000000000:function:fn",
                "arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Afn", "000000000000:function:fn")) {
            assertThat(lamina.get("/2015-03-31/functions/" + name + "/configuration").statusCode()).as(name).isEqualTo(200);
        }
        assertThat(lamina.get("/2015-03-31/functions/fn?Qualifier=%24LATEST").statusCode()).isEqualTo(200);
        RunningLamina.assertError(lamina.get("/2015-03-31/functions/fn?Qualifier=1"), 404, "ResourceNotFoundException");
        RunningLamina.assertError(lamina.get("/2015-03-31/functions/fn:prod"), 404, "ResourceNotFoundException");
    }

    @Test
    void listPagesByNameWithMarkers() {
        for (String name : List.of("c", "a", "b")) {
            assertThat(lamina.create(name, TestZips.simple(name)).statusCode()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            ListFunctionsResponse page = read(lamina.get("/2015-03-31/functions/?MaxItems=1"
                    + (marker == null ? "" : "&Marker=" + marker)), ListFunctionsResponse.class);
            assertThat(page.functions()).hasSize(1);
            seen.add(page.functions().getFirst().functionName());
            marker = page.nextMarker();
            pages++;
        } while (marker != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("a", "b", "c");
        ListFunctionsResponse all = read(lamina.get("/2015-03-31/functions"), ListFunctionsResponse.class);
        assertThat(all.functions()).extracting(FunctionConfiguration::functionName).containsExactly("a", "b", "c");
        assertThat(all.nextMarker()).isNull();
    }

    @Test
    void updateCodeChangesTheHashAndRetiresTheEnvironment() {
        lamina.create("fn", TestZips.simple("v1"));
        FunctionConfiguration before = read(lamina.get("/2015-03-31/functions/fn/configuration"), FunctionConfiguration.class);
        assertThat(lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes()).statusCode()).isEqualTo(200);
        assertThat(lamina.environments.specs).hasSize(1);

        HttpResponse<byte[]> updated = lamina.send("PUT", "/2015-03-31/functions/fn/code",
                Map.of("ZipFile", TestZips.base64(TestZips.simple("v2"))));

        assertThat(updated.statusCode()).as(new String(updated.body())).isEqualTo(200);
        FunctionConfiguration after = read(updated, FunctionConfiguration.class);
        assertThat(after.codeSha256()).isNotEqualTo(before.codeSha256());
        assertThat(after.revisionId()).isNotEqualTo(before.revisionId());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> lamina.environments.closes.get() == 1);
        assertThat(lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes()).statusCode()).isEqualTo(200);
        assertThat(lamina.environments.specs).hasSize(2);
        assertThat(lamina.environments.specs.get(1).taskRoot()).isNotEqualTo(lamina.environments.specs.get(0).taskRoot());
        assertThat(lamina.environments.specs.get(1).taskRoot().resolve("bootstrap")).content().contains("v2");
    }

    @Test
    void updateConfigurationChangesSettingsAndChecksTheRevision() {
        lamina.create("fn", TestZips.simple("v1"));
        FunctionConfiguration before = read(lamina.get("/2015-03-31/functions/fn/configuration"), FunctionConfiguration.class);

        HttpResponse<byte[]> updated = lamina.send("PUT", "/2015-03-31/functions/fn/configuration", Map.of(
                "Timeout", 30, "MemorySize", 512, "Handler", "other.handler", "Description", "new",
                "Environment", Map.of("Variables", Map.of("A1", "b")), "RevisionId", before.revisionId()));

        assertThat(updated.statusCode()).as(new String(updated.body())).isEqualTo(200);
        FunctionConfiguration after = read(updated, FunctionConfiguration.class);
        assertThat(after.timeout()).isEqualTo(30);
        assertThat(after.memorySize()).isEqualTo(512);
        assertThat(after.handler()).isEqualTo("other.handler");
        assertThat(after.description()).isEqualTo("new");
        assertThat(after.environment().variables()).containsExactly(Map.entry("A1", "b"));
        assertThat(after.codeSha256()).isEqualTo(before.codeSha256());
        assertThat(after.revisionId()).isNotEqualTo(before.revisionId());

        RunningLamina.assertError(lamina.send("PUT", "/2015-03-31/functions/fn/configuration",
                Map.of("Timeout", 5, "RevisionId", before.revisionId())), 412, "PreconditionFailedException");
        HttpResponse<byte[]> cleared = lamina.send("PUT", "/2015-03-31/functions/fn/configuration",
                Map.of("Environment", Map.of("Variables", Map.of())));
        assertThat(read(cleared, FunctionConfiguration.class).environment()).isNull();
    }

    @Test
    void deleteAnswers204AndTheFunctionIsGone() {
        lamina.create("fn", TestZips.simple("v1"));
        lamina.send("POST", "/2015-03-31/functions/fn/invocations", "{}".getBytes());

        HttpResponse<byte[]> deleted = lamina.send("DELETE", "/2015-03-31/functions/fn", (byte[]) null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.headers().firstValue("x-amzn-RequestId")).isPresent();
        RunningLamina.assertError(lamina.get("/2015-03-31/functions/fn"), 404, "ResourceNotFoundException");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> lamina.environments.closes.get() == 1);
        assertThat(lamina.create("fn", TestZips.simple("again")).statusCode()).isEqualTo(201);
    }
}
