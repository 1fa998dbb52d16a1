package dev.lamina.service;

import static dev.lamina.service.RunningLamina.assertError;
import static dev.lamina.service.RunningLamina.read;
import static dev.lamina.service.RunningLamina.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.protocol.control.ErrorResponse;
import dev.lamina.protocol.control.LayerVersion;
import dev.lamina.protocol.control.LayerVersionsListItem;
import dev.lamina.protocol.control.LayersListItem;
import dev.lamina.protocol.control.ListLayerVersionsResponse;
import dev.lamina.protocol.control.ListLayersResponse;
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

/** Publish, read, list and delete layer versions over real HTTP. */
class LayerLifecycleTest {

    private static final String LAYER_ARN = "arn:aws:lambda:us-east-1:000000000000:layer:my-layer";

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
    void publishAnswers201WithLambdasShapeAndNumbersVersionsFromOne() throws Exception {
        byte[] zip = TestZips.of(Map.of("lib/a.txt", "a"));
        HttpResponse<byte[]> first = lamina.send("POST", "/2018-10-31/layers/my-layer/versions", Map.of(
                "Content", Map.of("ZipFile", TestZips.base64(zip)), "Description", "first",
                "CompatibleRuntimes", List.of("provided.al2023", "python3.12"),
                "CompatibleArchitectures", List.of("x86_64"), "LicenseInfo", "MIT"));

        assertThat(first.statusCode()).as(new String(first.body())).isEqualTo(201);
        assertThat(tree(first).properties().stream().map(Map.Entry::getKey).toList()).containsExactly(
                "Content", "LayerArn", "LayerVersionArn", "Description", "CreatedDate", "Version",
                "CompatibleRuntimes", "LicenseInfo", "CompatibleArchitectures");
        assertThat(tree(first).get("Content").properties().stream().map(Map.Entry::getKey).toList())
                .containsExactly("Location", "CodeSha256", "CodeSize");
        LayerVersion v1 = read(first, LayerVersion.class);
        assertThat(v1.version()).isEqualTo(1L);
        assertThat(v1.layerArn()).isEqualTo(LAYER_ARN);
        assertThat(v1.layerVersionArn()).isEqualTo(LAYER_ARN + ":1");
        assertThat(v1.description()).isEqualTo("first");
        assertThat(v1.createdDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(v1.compatibleRuntimes()).containsExactly("provided.al2023", "python3.12");
        assertThat(v1.compatibleArchitectures()).containsExactly("x86_64");
        assertThat(v1.licenseInfo()).isEqualTo("MIT");
        assertThat(v1.content().codeSize()).isEqualTo(zip.length);
        assertThat(v1.content().codeSha256()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip)));
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(v1.content().location())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(zip);

        LayerVersion v2 = read(lamina.publishLayer("my-layer", TestZips.of(Map.of("lib/b.txt", "b"))),
                LayerVersion.class);
        assertThat(v2.version()).isEqualTo(2L);
        assertThat(v2.description()).isEmpty();
        assertThat(v2.compatibleRuntimes()).isNull();
        assertThat(v2.licenseInfo()).isNull();
        // LayerName may be the layer's ARN, too.
        LayerVersion v3 = read(lamina.publishLayer(LAYER_ARN, TestZips.of(Map.of("c", "c"))), LayerVersion.class);
        assertThat(v3.layerVersionArn()).isEqualTo(LAYER_ARN + ":3");
    }

    @Test
    void getAndGetByArnAnswerThePublishedVersion() {
        LayerVersion published = read(lamina.publishLayer("my-layer", TestZips.of(Map.of("a", "a"))), LayerVersion.class);

        assertThat(read(lamina.get("/2018-10-31/layers/my-layer/versions/1"), LayerVersion.class)).isEqualTo(published);
        assertThat(read(lamina.get("/2018-10-31/layers/" + LAYER_ARN + "/versions/1"), LayerVersion.class))
                .isEqualTo(published);
        assertThat(read(lamina.get("/2018-10-31/layers?find=LayerVersion&Arn=" + LAYER_ARN + ":1"), LayerVersion.class))
                .isEqualTo(published);
    }

    @Test
    void listLayersShowsEachLayersLatestMatchingVersion() {
        publish("b-layer", List.of("python3.12"), List.of("arm64"));
        publish("a-layer", List.of("provided.al2023"), List.of("x86_64"));
        publish("a-layer", List.of("python3.12"), List.of());
        publish("c-layer", List.of(), List.of());

        ListLayersResponse all = read(lamina.get("/2018-10-31/layers"), ListLayersResponse.class);
        assertThat(all.nextMarker()).isNull();
        assertThat(all.layers()).extracting(LayersListItem::layerName).containsExactly("a-layer", "b-layer", "c-layer");
        LayersListItem a = all.layers().getFirst();
        assertThat(a.layerArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:layer:a-layer");
        assertThat(a.latestMatchingVersion().version()).isEqualTo(2L);
        assertThat(a.latestMatchingVersion().layerVersionArn()).isEqualTo(a.layerArn() + ":2");

        ListLayersResponse provided = read(lamina.get("/2018-10-31/layers?CompatibleRuntime=provided.al2023"),
                ListLayersResponse.class);
        assertThat(provided.layers()).hasSize(1);
        assertThat(provided.layers().getFirst().latestMatchingVersion().version()).isEqualTo(1L);
        ListLayersResponse arm = read(lamina.get("/2018-10-31/layers?CompatibleArchitecture=arm64"),
                ListLayersResponse.class);
        assertThat(arm.layers()).extracting(LayersListItem::layerName).containsExactly("b-layer");

        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            ListLayersResponse page = read(lamina.get("/2018-10-31/layers?MaxItems=2"
                    + (marker == null ? "" : "&Marker=" + marker)), ListLayersResponse.class);
            assertThat(page.layers()).hasSizeBetween(1, 2);
            page.layers().forEach(l -> seen.add(l.layerName()));
            marker = page.nextMarker();
        } while (marker != null);
        assertThat(seen).containsExactly("a-layer", "b-layer", "c-layer");
    }

    @Test
    void listLayerVersionsPagesNewestFirstAndFilters() {
        for (int i = 0; i < 5; i++) {
            publish("my-layer", i % 2 == 0 ? List.of("java21") : List.of("python3.12"), List.of());
        }
        List<Long> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            ListLayerVersionsResponse page = read(lamina.get("/2018-10-31/layers/my-layer/versions?MaxItems=2"
                    + (marker == null ? "" : "&Marker=" + marker)), ListLayerVersionsResponse.class);
            page.layerVersions().forEach(v -> seen.add(v.version()));
            marker = page.nextMarker();
            pages++;
        } while (marker != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(5L, 4L, 3L, 2L, 1L);

        ListLayerVersionsResponse java = read(lamina.get("/2018-10-31/layers/my-layer/versions?CompatibleRuntime=java21"),
                ListLayerVersionsResponse.class);
        assertThat(java.layerVersions()).extracting(LayerVersionsListItem::version).containsExactly(5L, 3L, 1L);
        assertThat(java.nextMarker()).isNull();
        assertThat(tree(lamina.get("/2018-10-31/layers/my-layer/versions")).get("LayerVersions").get(0)
                .properties().stream().map(Map.Entry::getKey).toList()).containsExactly(
                        "LayerVersionArn", "Version", "Description", "CreatedDate", "CompatibleRuntimes");
        assertThat(read(lamina.get("/2018-10-31/layers/unknown/versions"), ListLayerVersionsResponse.class)
                .layerVersions()).isEmpty();
    }

    @Test
    void deletedVersionsAreGoneAndTheirNumbersAreNeverReused() {
        lamina.publishLayer("my-layer", TestZips.of(Map.of("a", "1")));
        lamina.publishLayer("my-layer", TestZips.of(Map.of("a", "2")));

        HttpResponse<byte[]> deleted = lamina.send("DELETE", "/2018-10-31/layers/my-layer/versions/2", (byte[]) null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        ErrorResponse e = assertError(lamina.get("/2018-10-31/layers/my-layer/versions/2"), 404,
                "ResourceNotFoundException");
        assertThat(e.message()).isEqualTo("The resource you requested does not exist.");
        assertError(lamina.get("/2018-10-31/layers?find=LayerVersion&Arn=" + LAYER_ARN + ":2"), 404,
                "ResourceNotFoundException");
        assertError(lamina.get("/2018-10-31/layers/my-layer/versions/2/content-zip"), 404, "ResourceNotFoundException");
        // Deleting again, or a version that never was, is 204 on Lambda too.
        assertThat(lamina.send("DELETE", "/2018-10-31/layers/my-layer/versions/2", (byte[]) null).statusCode())
                .isEqualTo(204);
        assertThat(lamina.send("DELETE", "/2018-10-31/layers/nope/versions/9", (byte[]) null).statusCode())
                .isEqualTo(204);
        assertThat(read(lamina.get("/2018-10-31/layers"), ListLayersResponse.class).layers().getFirst()
                .latestMatchingVersion().version()).isEqualTo(1L);

        LayerVersion next = read(lamina.publishLayer("my-layer", TestZips.of(Map.of("a", "3"))), LayerVersion.class);
        assertThat(next.version()).isEqualTo(3L);

        lamina.send("DELETE", "/2018-10-31/layers/my-layer/versions/1", (byte[]) null);
        lamina.send("DELETE", "/2018-10-31/layers/my-layer/versions/3", (byte[]) null);
        assertThat(read(lamina.get("/2018-10-31/layers"), ListLayersResponse.class).layers()).isEmpty();
        assertThat(read(lamina.publishLayer("my-layer", TestZips.of(Map.of("a", "4"))), LayerVersion.class).version())
                .isEqualTo(4L);
    }

    private void publish(String name, List<String> runtimes, List<String> architectures) {
        HttpResponse<byte[]> r = lamina.send("POST", "/2018-10-31/layers/" + name + "/versions", Map.of(
                "Content", Map.of("ZipFile", TestZips.base64(TestZips.of(Map.of("f", name)))),
                "CompatibleRuntimes", runtimes, "CompatibleArchitectures", architectures));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
    }
}
