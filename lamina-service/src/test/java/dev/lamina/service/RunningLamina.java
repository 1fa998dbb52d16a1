package dev.lamina.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.protocol.control.ErrorResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A real {@link LaminaServer} on port 0 with a {@link FakeEnvironmentFactory}, and a real HTTP client for it. */
public final class RunningLamina implements AutoCloseable {

    /** Strict: any member the wire records do not know fails the test. */
    public static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    public static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

    public final FakeEnvironmentFactory environments;
    public final LaminaServer server;
    public final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RunningLamina(Path dataDir) throws InterruptedException {
        this(dataDir, new FakeEnvironmentFactory());
    }

    public RunningLamina(Path dataDir, FakeEnvironmentFactory environments) throws InterruptedException {
        this(dataDir, environments, UnaryOperator.identity());
    }

    /** @param settings adjusts the settings (pool, scheduler) before the server starts */
    public RunningLamina(Path dataDir, FakeEnvironmentFactory environments, UnaryOperator<ServiceSettings> settings)
            throws InterruptedException {
        this.environments = environments;
        this.server = new LaminaServer(settings.apply(ServiceSettings.defaults(dataDir, null, environments)
                .withPort(0)
                .withInvokeWaitMargin(Duration.ofSeconds(1))));
        this.port = server.start();
    }

    /** Invoke of {@code name} with a small JSON payload, on the calling thread. */
    public HttpResponse<byte[]> invoke(String name) {
        return send("POST", "/2015-03-31/functions/" + name + "/invocations", "{}".getBytes());
    }

    public HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public HttpResponse<byte[]> send(String method, String path, Object json, String... headers) {
        try {
            return send(method, path, STRICT.writeValueAsBytes(json), headers);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public HttpResponse<byte[]> get(String path) {
        return send("GET", path, (byte[]) null);
    }

    /** CreateFunction with a provided.al2023 runtime and the given zip. */
    public HttpResponse<byte[]> create(String name, byte[] zip) {
        return send("POST", "/2015-03-31/functions", Map.of(
                "FunctionName", name, "Runtime", "provided.al2023", "Role", ROLE, "Handler", "handler",
                "Code", Map.of("ZipFile", TestZips.base64(zip))));
    }

    /** PublishLayerVersion of the given zip, with no other members. */
    public HttpResponse<byte[]> publishLayer(String name, byte[] zip) {
        return send("POST", "/2018-10-31/layers/" + name + "/versions", Map.of("Content", Map.of("ZipFile", TestZips.base64(zip))));
    }

    /** CreateFunction with a provided.al2023 runtime, the given zip and layer version ARNs. */
    public HttpResponse<byte[]> create(String name, byte[] zip, List<String> layers) {
        return send("POST", "/2015-03-31/functions", Map.of(
                "FunctionName", name, "Runtime", "provided.al2023", "Role", ROLE, "Handler", "handler",
                "Code", Map.of("ZipFile", TestZips.base64(zip)), "Layers", layers));
    }

    public static <T> T read(HttpResponse<byte[]> response, Class<T> type) {
        try {
            return STRICT.readValue(response.body(), type);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + new String(response.body()), e);
        }
    }

    public static JsonNode tree(HttpResponse<byte[]> response) {
        try {
            return STRICT.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts Lambda's error shape: status, X-Amzn-ErrorType, {"Type","Message"} and a request id. */
    public static ErrorResponse assertError(HttpResponse<byte[]> response, int status, String errorType) {
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(status);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains(errorType);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        ErrorResponse error = read(response, ErrorResponse.class);
        assertThat(error.type()).isEqualTo(status >= 500 ? "Service" : "User");
        assertThat(error.message()).isNotBlank();
        return error;
    }

    @Override
    public void close() {
        server.close();
    }
}
