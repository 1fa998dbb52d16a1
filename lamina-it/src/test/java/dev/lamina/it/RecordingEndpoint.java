package dev.lamina.it;

import com.sun.net.httpserver.HttpServer;
import dev.lamina.cli.LaminaApp;
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

    /**
     * The network functions need to reach it: a network of their own each, with this endpoint's host port forwarded
     * in ({@code --host-port}), as a user reaches a host service.
     */
    LaminaApp.Network network() {
        return new LaminaApp.Network(true, List.of(server.getAddress().getPort()));
    }

    /** {@code http://127.0.0.1:<port>}: the same address on the host and, forwarded, inside environments. */
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
