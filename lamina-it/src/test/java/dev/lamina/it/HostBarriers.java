package dev.lamina.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on the host's loopback whose {@code GET /barrier/<name>} answers only once its latch is open:
 * {@code 200 all-arrived}, or {@code 504 alone} after the wait. Functions call it (through a host port) to prove that
 * invokes run at the same time, on any machine, without timing. A barrier made by {@link #arrivals} opens when that
 * many requests have arrived; one made by {@link #gate} when the test opens the latch it gave.
 */
final class HostBarriers implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Barrier> barriers = new ConcurrentHashMap<>();

    private record Barrier(CountDownLatch latch, boolean countsArrivals) {}

    private HostBarriers(HttpServer server) {
        this.server = server;
    }

    static HostBarriers start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        HostBarriers barriers = new HostBarriers(server);
        server.createContext("/barrier/", barriers::handle);
        server.start();
        return barriers;
    }

    /** A barrier that opens once {@code n} requests have arrived at it; returns its URL. */
    String arrivals(String name, int n) {
        barriers.put(name, new Barrier(new CountDownLatch(n), true));
        return url(name);
    }

    /** A barrier that opens with {@code latch} (counted down by the test); returns its URL. */
    String gate(String name, CountDownLatch latch) {
        barriers.put(name, new Barrier(latch, false));
        return url(name);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private String url(String name) {
        return "http://127.0.0.1:" + port() + "/barrier/" + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Barrier barrier = barriers.get(path.substring(path.lastIndexOf('/') + 1));
        boolean open = false;
        if (barrier != null) {
            if (barrier.countsArrivals()) {
                barrier.latch().countDown();
            }
            try {
                open = barrier.latch().await(25, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = (open ? "all-arrived" : "alone").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(open ? 200 : 504, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
