package dev.lamina.bench.targets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.service.invoke.PoolStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lamina as a {@link Target}, driven only through its public Lambda REST API: CreateFunction to deploy,
 * UpdateFunctionConfiguration (a changed environment variable) to force a new environment.
 */
public final class LaminaTarget implements Target {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/lamina-bench";

    private final URI endpoint;
    private final AutoCloseable lamina;
    private final Supplier<PoolStats> pool;
    private final Path workDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, BenchFunction> deployed = new HashMap<>();
    private final AtomicInteger generation = new AtomicInteger();

    /**
     * @param endpoint the Lambda API's base URL
     * @param lamina       closes the Lamina behind the endpoint
     * @param pool         Lamina's environment pool figures ({@code LaminaServer.poolStats()})
     * @param workDir      scratch space for zips
     */
    public LaminaTarget(URI endpoint, AutoCloseable lamina, Supplier<PoolStats> pool, Path workDir) {
        this.endpoint = endpoint;
        this.lamina = lamina;
        this.pool = pool;
        this.workDir = workDir;
    }

    @Override
    public String name() {
        return "lamina";
    }

    @Override
    public InetSocketAddress invokeAddress() {
        return new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
    }

    @Override
    public int environments() {
        return pool.get().environments();
    }

    @Override
    public int busyEnvironments() {
        return pool.get().busy();
    }

    @Override
    public void deploy(BenchFunction fn) throws IOException, InterruptedException {
        deploy(fn, List.of());
    }

    @Override
    public void deployWithLayer(BenchFunction fn, Map<String, byte[]> layerFiles)
            throws IOException, InterruptedException {
        BenchFunction layer = new BenchFunction(fn.name() + "-layer", fn.runtime(), fn.handler(), layerFiles, Map.of());
        deploy(fn, List.of(publishLayer(layer.name(), layer)));
    }

    /** Deploys {@code fn} with layers (their version ARNs, from {@link #publishLayer}). */
    public void deploy(BenchFunction fn, List<String> layers) throws IOException, InterruptedException {
        byte[] zip = fn.zip(workDir.resolve(fn.name() + ".zip"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("FunctionName", fn.name());
        body.put("Runtime", fn.runtime());
        body.put("Role", ROLE);
        body.put("Handler", fn.handler());
        body.put("Code", Map.of("ZipFile", Base64.getEncoder().encodeToString(zip)));
        body.put("Timeout", BenchFunction.TIMEOUT_SECONDS);
        body.put("MemorySize", BenchFunction.MEMORY_MB);
        body.put("Environment", Map.of("Variables", fn.env()));
        if (!layers.isEmpty()) {
            body.put("Layers", layers);
        }
        send("POST", "/2015-03-31/functions", body, 201);
        synchronized (deployed) {
            deployed.put(fn.name(), fn);
        }
    }

    @Override
    public void recycle(String functionName) throws IOException, InterruptedException {
        BenchFunction fn;
        synchronized (deployed) {
            fn = deployed.get(functionName);
        }
        Map<String, String> vars = new HashMap<>(fn.env());
        vars.put("BENCH_GENERATION", Integer.toString(generation.incrementAndGet()));
        send("PUT", "/2015-03-31/functions/" + functionName + "/configuration",
                Map.of("Environment", Map.of("Variables", vars)), 200);
    }

    /** PublishLayerVersion with the zip's files; returns the version's ARN. */
    public String publishLayer(String name, BenchFunction files) throws IOException, InterruptedException {
        byte[] zip = files.zip(workDir.resolve("layer-" + name + ".zip"));
        String body = send("POST", "/2018-10-31/layers/" + name + "/versions",
                Map.of("Content", Map.of("ZipFile", Base64.getEncoder().encodeToString(zip))), 201);
        return JSON.readTree(body).get("LayerVersionArn").asText();
    }

    private String send(String method, String path, Object body, int expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json")
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IOException(method + " " + path + " → " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        http.close();
        try {
            lamina.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing Lamina failed", e);
        }
    }
}
