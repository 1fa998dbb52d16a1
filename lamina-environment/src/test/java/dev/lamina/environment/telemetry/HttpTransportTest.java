package dev.lamina.environment.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpTransport}'s own HTTP/1.1 client against a raw socket server scripting the answers subscribers give:
 * chunked and close-delimited bodies, a kept connection closed by the subscriber between batches, error statuses.
 * Also that every connection is opened through the given {@link SocketOpener} (the environment's network).
 */
class HttpTransportTest {
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;

    @AfterEach
    void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Serves each connection: reads requests, answers each with {@code answer(n)} (n counts requests overall). */
    private void serve(Function<Integer, String> answer, boolean closeAfterEach) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger requests = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> handle(s, answer, closeAfterEach, requests));
            }
        });
    }

    private void handle(Socket s, Function<Integer, String> answer, boolean closeAfterEach, AtomicInteger requests) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            for (String line; (line = in.readLine()) != null; ) {
                int length = 0;
                for (String h; !(h = in.readLine()).isEmpty(); ) {
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                int read = 0;
                while (read < length) {
                    read += in.read(body, read, length - read);
                }
                bodies.add(line + " " + new String(body));
                out.write(answer.apply(requests.incrementAndGet()).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (closeAfterEach) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private HttpTransport transport(SocketOpener opener) {
        return new HttpTransport(opener, InetAddress.getLoopbackAddress(),
                new SubscriptionSpec.Http("http://sandbox.localdomain:" + server.getLocalPort() + "/logs",
                        server.getLocalPort(), "/logs"), Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    private static Batch batch(String json) {
        byte[] record = json.getBytes(StandardCharsets.UTF_8);
        return new Batch(List.of(record), record.length, 1, 1, record.length, 0, 0, null);
    }

    @Test
    void aKeptConnectionTheSubscriberClosedIsReopenedOnce() throws Exception {
        serve(n -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", true);
        AtomicInteger opened = new AtomicInteger();
        try (HttpTransport t = transport(() -> {
            opened.incrementAndGet();
            return SocketOpener.HOST.open();
        })) {
            assertThat(t.send(batch("{\"n\":1}"))).isNull();
            assertThat(t.send(batch("{\"n\":2}"))).isNull();
        }
        assertThat(bodies).containsExactly("POST /logs HTTP/1.1 [{\"n\":1}]", "POST /logs HTTP/1.1 [{\"n\":2}]");
        assertThat(opened).as("every connection through the opener").hasValue(connections.get()).hasValue(2);
    }

    @Test
    void chunkedAnswersKeepTheConnection() throws Exception {
        serve(n -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nOK\r\n0\r\n\r\n", false);
        try (HttpTransport t = transport(SocketOpener.HOST)) {
            for (int i = 0; i < 3; i++) {
                assertThat(t.send(batch("{\"i\":" + i + "}"))).isNull();
            }
        }
        assertThat(bodies).hasSize(3);
        assertThat(connections).hasValue(1);
    }

    @Test
    void anErrorStatusFailsTheBatchAndTheNextOneIsStillSent() throws Exception {
        serve(n -> n == 1 ? "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n"
                : "HTTP/1.0 200 OK\r\n\r\nclose-delimited", true);
        try (HttpTransport t = transport(SocketOpener.HOST)) {
            assertThat(t.send(batch("{}"))).isEqualTo("HTTP status 500");
            assertThat(t.send(batch("{}"))).isNull();
        }
        assertThat(bodies).hasSize(2);
    }

    @Test
    void theSequenceIdDigestedRecordByRecordIsTheDigestOfTheWholeArray() {
        for (int n : new int[] {0, 1, 3}) {
            List<byte[]> records = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                records.add(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            long bytes = records.stream().mapToLong(r -> r.length).sum();
            Batch batch = new Batch(records, bytes, n, n, bytes, 0, 0, null);
            byte[] body = HttpTransport.jsonArray(batch);
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(n == 0 ? "[]"
                    : n == 1 ? "[{\"n\":0}]" : "[{\"n\":0},{\"n\":1},{\"n\":2}]");
            assertThat(HttpTransport.sequenceId(batch)).isEqualTo(HttpTransport.sequenceId(body));
        }
    }
}
