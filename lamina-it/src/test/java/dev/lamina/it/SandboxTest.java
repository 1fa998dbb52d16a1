package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.service.invoke.PoolSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Confinement end to end, through the AWS SDK: what a function sees inside its bubblewrap session ({@code /var/task},
 * {@code /opt}, a private size-limited {@code /tmp} shared with its extensions, no Lamina data directory), the
 * memory limit (OOM), Max Memory Used, and many real Java runtimes started at once. The runtime is the Python
 * fixture {@code fixtures/sandbox/bootstrap}.
 */
class SandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An external extension that registers for nothing, then leaves a file in /tmp for the runtime to find. */
    private static final String TMP_WRITER = """
            #!/bin/sh
            API="http://${AWS_LAMBDA_RUNTIME_API}/2020-01-01/extension"
            H=$(mktemp)
            curl -sS -D "$H" -X POST "$API/register" -H "Lambda-Extension-Name: tmp-writer" -d '{"events":[]}' >/dev/null
            ID=$(grep -Fi Lambda-Extension-Identifier "$H" | tr -d '[:space:]' | cut -d: -f2)
            rm -f "$H"
            echo "written by the extension" > /tmp/from-extension
            while true; do curl -sS -H "Lambda-Extension-Identifier: $ID" "$API/event/next" >/dev/null; done
            """;

    @TempDir
    static Path tmp;

    private static Path data;
    private static TestLamina lamina;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() {
        data = tmp.resolve("data");
        lamina = TestLamina.start(data, PoolSettings.defaults().withStartSlots(16));
        lambda = Sdk.client(lamina.endpoint());
    }

    @AfterAll
    static void stop() {
        lambda.close();
        lamina.close();
    }

    private static void function(String name, int memoryMb, int ephemeralMb, String... layers) {
        byte[] zip = FunctionZips.zip(tmp.resolve(name + ".zip"), Map.of(
                "bootstrap", FunctionZips.resource("fixtures/sandbox/bootstrap"),
                "data/code.txt", "the function's code\n".getBytes(StandardCharsets.UTF_8)));
        lambda.createFunction(b -> b.functionName(name).runtime("provided.al2023").handler("x")
                .role("arn:aws:iam::000000000000:role/lambda").timeout(30).memorySize(memoryMb)
                .ephemeralStorage(e -> e.size(ephemeralMb)).layers(layers)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    private static String layer(String name, Map<String, byte[]> files) {
        byte[] zip = FunctionZips.zip(tmp.resolve(name + "-layer.zip"), files);
        return lambda.publishLayerVersion(b -> b.layerName(name)
                .content(c -> c.zipFile(SdkBytes.fromByteArray(zip)))).layerVersionArn();
    }

    private static JsonNode payload(InvokeResponse r) throws Exception {
        return JSON.readTree(r.payload().asByteArray());
    }

    /** Runs a shell command inside the function; returns {out, err, code}. */
    private static JsonNode sh(String function, String cmd) throws Exception {
        InvokeResponse r = Sdk.invoke(lambda, function, JSON.writeValueAsString(Map.of("action", "sh", "cmd", cmd)));
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        return payload(r);
    }

    @Test
    void codeIsAtVarTaskLayersAtOptAndLaminasDataDirectoryIsNotVisible() throws Exception {
        String arn = layer("files", Map.of("share/layer.txt", "from the layer\n".getBytes(StandardCharsets.UTF_8)));
        function("paths", 256, 512, arn);
        JsonNode r = sh("paths", "echo \"$LAMBDA_TASK_ROOT\"; pwd; cat /var/task/data/code.txt /opt/share/layer.txt");
        assertThat(r.get("out").asText())
                .isEqualTo("/var/task\n/var/task\nthe function's code\nfrom the layer\n");
        JsonNode hidden = sh("paths", "ls " + data + "; ls " + data.resolve("sandbox"));
        assertThat(hidden.get("code").asInt()).isNotZero();
        assertThat(hidden.get("out").asText()).isEmpty();
        JsonNode readOnly = sh("paths", "touch /var/task/x || echo task-ro; touch /opt/x || echo opt-ro");
        assertThat(readOnly.get("out").asText()).isEqualTo("task-ro\nopt-ro\n");
    }

    @Test
    void tmpIsPrivateToAnEnvironmentAndSharedWithItsExtensions() throws Exception {
        String arn = layer("tmp-writer", Map.of("extensions/tmp-writer", TMP_WRITER.getBytes(StandardCharsets.UTF_8)));
        function("private-tmp", 256, 512, arn);
        String cmd = "cat /tmp/from-extension; echo $$ > /tmp/mine-$(cat /proc/sys/kernel/random/uuid); sleep 3; "
                + "ls /tmp | grep -c '^mine-'";
        List<JsonNode> results = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(callers.submit(() -> sh("private-tmp", cmd)));
            }
            for (Future<JsonNode> f : calls) {
                results.add(f.get());
            }
        }
        for (JsonNode r : results) {
            // both held /tmp at once (so each ran in its own environment) and each saw only its own file
            assertThat(r.get("out").asText()).isEqualTo("written by the extension\n1\n");
        }
        // the host's /tmp is not the function's
        assertThat(sh("private-tmp", "test -e " + tmp + " && echo visible || echo absent").get("out").asText())
                .isEqualTo("absent\n");
    }

    @Test
    void writingPastEphemeralStorageFails() throws Exception {
        function("small-tmp", 1024, 512, new String[0]);
        JsonNode r = sh("small-tmp", "dd if=/dev/zero of=/tmp/big bs=1M count=600 2>&1; echo status=$?; rm -f /tmp/big");
        assertThat(r.get("out").asText()).contains("No space left on device").contains("status=1");
        JsonNode fits = sh("small-tmp", "dd if=/dev/zero of=/tmp/fits bs=1M count=400 2>/dev/null; echo status=$?; "
                + "rm -f /tmp/fits");
        assertThat(fits.get("out").asText()).isEqualTo("status=0\n");
    }

    @Test
    void allocatingPastMemorySizeIsRuntimeOutOfMemoryAndTheNextInvokeStartsFresh() throws Exception {
        function("oom", 128, 512, new String[0]);
        String before = payload(Sdk.invoke(lambda, "oom", "{}")).get("env").asText();
        InvokeResponse r = Sdk.invoke(lambda, "oom", "{\"action\":\"oom\",\"mb\":400}");
        assertThat(r.functionError()).isEqualTo("Unhandled");
        String requestId = r.responseMetadata().requestId();
        assertThat(payload(r)).isEqualTo(JSON.readTree("{\"errorType\":\"Runtime.OutOfMemory\",\"errorMessage\":"
                + "\"RequestId: " + requestId + " Error: Runtime exited with error: signal: killed\"}"));
        assertThat(Sdk.log(r)).contains("Status: error\tError Type: Runtime.OutOfMemory");
        InvokeResponse next = Sdk.invoke(lambda, "oom", "{}");
        assertThat(next.functionError()).isNull();
        assertThat(payload(next).get("env").asText()).isNotEqualTo(before);
    }

    @Test
    void maxMemoryUsedMeasuresWhatTheFunctionAllocates() throws Exception {
        function("alloc", 256, 512, new String[0]);
        Sdk.invoke(lambda, "alloc", "{}"); // cold start
        long idle = maxMemoryUsed(Sdk.invoke(lambda, "alloc", "{}"));
        InvokeResponse r = Sdk.invoke(lambda, "alloc", "{\"action\":\"alloc\",\"mb\":100}");
        assertThat(r.functionError()).isNull();
        long used = maxMemoryUsed(r);
        // the idle runtime plus what it allocated, within 10 %
        assertThat(used - idle).isBetween(90L, 110L);
        // as on Lambda, the figure is the environment's high-water mark: a later, smaller invoke still reports it
        assertThat(maxMemoryUsed(Sdk.invoke(lambda, "alloc", "{}"))).isGreaterThanOrEqualTo(used);
    }

    private static long maxMemoryUsed(InvokeResponse r) {
        Matcher m = Pattern.compile("Max Memory Used: (\\d+) MB").matcher(Sdk.log(r));
        assertThat(m.find()).as(Sdk.log(r)).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void tenJavaRuntimesStartedAtOnceAllStart() throws Exception {
        byte[] zip = FunctionZips.javaHandler(tmp.resolve("java-src"));
        for (int i = 0; i < 10; i++) {
            Sdk.create(lambda, "java-" + i, "java21", "example.Hello::handleRequest", zip, 30, Map.of());
        }
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<InvokeResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String name = "java-" + i;
                calls.add(callers.submit(() -> Sdk.invoke(lambda, name, "{\"name\":\"sandbox\"}")));
            }
            for (Future<InvokeResponse> f : calls) {
                InvokeResponse r = f.get();
                assertThat(r.functionError()).as(r.payload().asUtf8String() + Sdk.log(r)).isNull();
                assertThat(Sdk.log(r)).doesNotContain("Status: error").contains("Init Duration");
            }
        }
    }

    @Test
    void anotherEnvironmentsRuntimeApiCannotBeUsed() throws Exception {
        function("victim", 256, 512, new String[0]);
        function("intruder", 256, 512, new String[0]);
        assertThat(sh("victim", "echo -n $AWS_LAMBDA_RUNTIME_API").get("out").asText()).isEqualTo("127.0.0.1:9001");
        // the victim's environment is alive (idle); the intruder sees no listening socket but its own Runtime API and
        // the forward to Lamina's API: neither the victim's API nor anything else of the host
        String listening = sh("intruder", "cat /proc/net/tcp /proc/net/tcp6 | awk '$4 == \"0A\" {print $2}'")
                .get("out").asText();
        assertThat(listening.lines().map(SandboxTest::socketAddress).toList())
                .containsExactlyInAnyOrder("127.0.0.1:9001", "127.0.0.2:" + lamina.endpoint().getPort());
        JsonNode own = sh("intruder", "echo -n $AWS_LAMBDA_RUNTIME_API; curl -sS -m 2 -o /dev/null -w ' %{http_code}' "
                + "http://127.0.0.1:9001/2018-06-01/runtime/unknown");
        assertThat(own.get("out").asText()).as("the intruder's 127.0.0.1:9001 is its own Runtime API")
                .isEqualTo("127.0.0.1:9001 404");
    }

    /**
     * {@code 0100007F:2329} ({@code /proc/net/tcp}, little-endian IPv4; in {@code tcp6} an IPv4-mapped address ends
     * in the same 8 digits) → {@code 127.0.0.1:9001}.
     */
    private static String socketAddress(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0].startsWith("0000000000000000FFFF0000") ? parts[0].substring(24) : parts[0];
        if (ip.length() != 8) {
            return "[" + ip + "]:" + port;
        }
        long a = Long.parseLong(ip, 16);
        return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff) + ":" + port;
    }
}
