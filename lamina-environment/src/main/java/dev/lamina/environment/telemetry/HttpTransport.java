package dev.lamina.environment.telemetry;

import dev.lamina.protocol.telemetry.TelemetryApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * POSTs each batch as a JSON array to {@code http://<sandbox address>:<port><path>} with
 * {@code Content-Type: application/json} and {@code Sequence-Id} (contract §3.2). Runs on the subscriber's sender
 * thread through the hub's shared JDK {@link HttpClient} (HTTP/1.1, kept-alive connections); a status ≥ 400, an
 * I/O error or no answer within {@code timeout} fails the batch.
 */
final class HttpTransport implements Transport {
    private final HttpClient client;
    private final URI target;
    private final Duration timeout;

    HttpTransport(HttpClient client, InetAddress address, SubscriptionSpec.Http destination, Duration timeout) {
        this.client = client;
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        this.target = URI.create("http://" + host + ":" + destination.port() + destination.pathAndQuery());
        this.timeout = timeout;
    }

    @Override
    public String send(Batch batch) throws InterruptedException {
        byte[] body = jsonArray(batch);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(TelemetryApi.HEADER_SEQUENCE_ID, sequenceId(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() >= 400 ? "HTTP status " + response.statusCode() : null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    static byte[] jsonArray(Batch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                batch.bytes() + batch.records().size() + 2));
        out.write('[');
        for (int i = 0; i < batch.records().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.records().get(i));
        }
        out.write(']');
        return out.toByteArray();
    }

    static String sequenceId(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public void close() {
        // connections belong to the shared client; an in-flight send is interrupted by the sender's owner
    }
}
