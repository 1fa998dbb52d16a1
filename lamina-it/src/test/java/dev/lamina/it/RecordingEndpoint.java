package dev.lamina.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP endpoint on 127.0.0.1 where test extensions report what they saw: each {@code POST /<file>} appends its
 * body as one line to {@code <file>}. Sandboxed functions cannot write to host directories, but share the host's
 * network.
 */
final class RecordingEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, List<String>> files = new ConcurrentHashMap<>();

    RecordingEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String file = exchange.getRequestURI().getPath().substring(1);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            files.computeIfAbsent(file, f -> new CopyOnWriteArrayList<>()).add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The lines recorded for {@code file} so far. */
    List<String> lines(String file) {
        return List.copyOf(files.getOrDefault(file, List.of()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
