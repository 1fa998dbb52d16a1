package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.cli.LaminaApp;
import dev.lamina.service.invoke.PoolSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Per-environment networks end to end (docs/sandbox.md): two environments of one function run at once, each with an
 * extension listening on the same fixed port ({@code sandbox.localdomain:4243}) and subscribed to the Telemetry API
 * there; each function reaches its own extension, and a test server on the host's loopback through
 * {@code --host-port}; and Lamina's own API as {@code http://lamina:<port>}.
 */
class NetworkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * An external extension on a fixed port: registers for no events, subscribes to the Telemetry API at
     * {@code http://sandbox.localdomain:4243}, and answers GETs there with its id and how many telemetry records it got.
     */
    private static final String FIXED_PORT_EXTENSION = """
            #!/usr/bin/python3
            import http.server, json, os, threading, urllib.request, uuid
            API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"]
            ME, received = str(uuid.uuid4()), [0]
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    received[0] += len(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                    self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
                def do_GET(self):
                    body = json.dumps({"ext": ME, "received": received[0]}).encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            server = http.server.ThreadingHTTPServer(("sandbox.localdomain", 4243), Handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            def call(method, path, body=None, headers={}):
                req = urllib.request.Request(API + path, method=method, headers=headers,
                                             data=None if body is None else json.dumps(body).encode())
                with urllib.request.urlopen(req) as r:
                    return r.headers, r.read()
            h, _ = call("POST", "/2020-01-01/extension/register", {"events": []}, {"Lambda-Extension-Name": "fixed-port"})
            ident = {"Lambda-Extension-Identifier": h["Lambda-Extension-Identifier"]}
            call("PUT", "/2022-07-01/telemetry", {"schemaVersion": "2022-12-13", "types": ["platform", "function"],
                 "buffering": {"timeoutMs": 25, "maxItems": 1000, "maxBytes": 262144},
                 "destination": {"protocol": "HTTP", "URI": "http://sandbox.localdomain:4243/telemetry"}}, ident)
            while True:
                call("GET", "/2020-01-01/extension/event/next", headers=ident)
            """;

    @TempDir
    static Path tmp;

    private static HostBarriers hostService;
    private static TestLamina lamina;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() throws IOException {
        hostService = HostBarriers.start();
        lamina = TestLamina.start(tmp.resolve("data"), PoolSettings.defaults().withStartSlots(4),
                new LaminaApp.Network(true, List.of(hostService.port())));
        lambda = Sdk.client(lamina.endpoint());
    }

    @AfterAll
    static void stop() {
        lambda.close();
        lamina.close();
        hostService.close();
    }

    private static String layer() {
        byte[] zip = FunctionZips.zip(tmp.resolve("fixed-port-layer.zip"),
                Map.of("extensions/fixed-port", FIXED_PORT_EXTENSION.getBytes(StandardCharsets.UTF_8)));
        return lambda.publishLayerVersion(b -> b.layerName("fixed-port")
                .content(c -> c.zipFile(SdkBytes.fromByteArray(zip)))).layerVersionArn();
    }

    private static void function(String name, String... layers) {
        byte[] zip = FunctionZips.zip(tmp.resolve(name + ".zip"),
                Map.of("bootstrap", FunctionZips.resource("fixtures/sandbox/bootstrap")));
        lambda.createFunction(b -> b.functionName(name).runtime("provided.al2023").handler("x")
                .role("arn:aws:iam::000000000000:role/lambda").timeout(60).memorySize(256).layers(layers)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    private static JsonNode sh(String function, String cmd) throws Exception {
        InvokeResponse r = Sdk.invoke(lambda, function, JSON.writeValueAsString(Map.of("action", "sh", "cmd", cmd)));
        assertThat(r.functionError()).as(r.payload().asUtf8String() + Sdk.log(r)).isNull();
        return JSON.readTree(r.payload().asByteArray());
    }

    @Test
    void twoEnvironmentsWithAFixedPortExtensionRunAtOnceAndReachTheHost() throws Exception {
        function("fixed-port-fn", layer());
        // the host barrier answers once both have arrived: proof that two environments run at once; then wait
        // (bounded) for the first telemetry batch, so the answer shows delivery into this environment's network
        String barrier = hostService.arrivals("both", 2);
        String cmd = "echo $AWS_LAMBDA_RUNTIME_API; curl -sS -m 30 " + barrier + "; echo;"
                + " for i in $(seq 100); do r=$(curl -sS -m 5 http://sandbox.localdomain:4243/);"
                + " case $r in *'\"received\": 0'*) sleep 0.1;; *) break;; esac; done; echo \"$r\"";
        List<JsonNode> results = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(callers.submit(() -> sh("fixed-port-fn", cmd)));
            }
            for (Future<JsonNode> call : calls) {
                results.add(call.get());
            }
        }
        List<String> extensions = new ArrayList<>();
        for (JsonNode r : results) {
            List<String> lines = r.get("out").asText().lines().toList();
            assertThat(lines).as(r.toString()).hasSize(3);
            assertThat(lines.get(0)).isEqualTo("127.0.0.1:9001");
            assertThat(lines.get(1)).isEqualTo("all-arrived");
            JsonNode ext = JSON.readTree(lines.get(2));
            assertThat(ext.get("received").asInt()).as(lines.get(2)).isPositive();
            extensions.add(ext.get("ext").asText());
        }
        assertThat(extensions).as("each environment reached its own extension on port 4243").doesNotHaveDuplicates();
    }

    @Test
    void functionsReachLaminasOwnApiByName() throws Exception {
        function("api-caller");
        int port = lamina.endpoint().getPort();
        JsonNode r = sh("api-caller", "curl -sS -m 5 http://lamina:" + port + "/2015-03-31/functions/api-caller");
        assertThat(JSON.readTree(r.get("out").asText()).at("/Configuration/FunctionName").asText())
                .as(r.toString()).isEqualTo("api-caller");
    }
}
