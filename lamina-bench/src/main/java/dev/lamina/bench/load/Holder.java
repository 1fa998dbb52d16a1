package dev.lamina.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds benchmark runtimes busy: a runtime that sends an HTTP request here (a {@code {"hold":"host:port"}} event)
 * gets no answer until {@link #release()}, so its environment stays in its invoke without using CPU. It listens on
 * the host's loopback for the whole run, so its port can be forwarded into isolated environments when Lamina starts
 * ({@code --host-port}); runtimes on the host's network (the floor's) reach it directly.
 *
 * <p>A connection counts as held once its request head has arrived; while not holding (before {@link #hold()},
 * after {@link #release()}) requests are answered at once. Its monitor guards the held connections and the mode.
 */
public final class Holder implements AutoCloseable {

    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static final String HEAD_END = "\r\n\r\n";

    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();
    private boolean holding;

    private Holder(ServerSocket server) {
        this.server = server;
    }

    /** Listens on an OS-assigned port of 127.0.0.1. */
    public static Holder open() throws IOException {
        Holder h = new Holder(new ServerSocket(0, 2_000, InetAddress.getLoopbackAddress()));
        Thread.ofPlatform().name("bench-holder").daemon().start(h::accept);
        return h;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (true) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("bench-holder-conn").start(() -> take(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Reads the request head, then holds the connection or answers it. */
    private void take(Socket s) {
        try {
            InputStream in = s.getInputStream();
            int matched = 0; // characters of the blank line's CR LF CR LF seen
            while (matched < 4) {
                int c = in.read();
                if (c == -1) {
                    closeQuietly(s); // gone before asking
                    return;
                }
                matched = c == HEAD_END.charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            synchronized (this) {
                if (holding) {
                    held.add(s);
                    notifyAll();
                    return;
                }
            }
            answer(s);
        } catch (IOException e) {
            closeQuietly(s);
        }
    }

    /** From now on, requests are held. */
    public synchronized void hold() {
        holding = true;
    }

    public synchronized int held() {
        return held.size();
    }

    /** Waits until {@code n} requests are held, or the deadline ({@link System#nanoTime()}) passes. */
    public synchronized boolean awaitHeld(int n, long deadline) throws InterruptedException {
        while (held.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Answers every held request and stops holding; later requests are answered at once. */
    public void release() {
        List<Socket> released;
        synchronized (this) {
            holding = false;
            released = new ArrayList<>(held);
            held.clear();
        }
        released.forEach(Holder::answer);
    }

    private static void answer(Socket s) {
        try (s) {
            OutputStream out = s.getOutputStream();
            out.write(ANSWER);
            out.flush();
        } catch (IOException ignored) {
            // the runtime is gone: nothing to release
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
    }
}
